from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"

    def ready(self):
        from residents import dataexport, demo

        from . import permissions
        from .membership.demo import seed_demo_memberships
        from .membership.selectors import export_for_resident

        permissions.connect_signals()
        demo.register_demo_seed(seed_demo_memberships)
        dataexport.register_section("panels", export_for_resident)
