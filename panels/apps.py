from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"

    def ready(self):
        from residents import demo

        from . import permissions
        from .membership.demo import seed_demo_memberships

        permissions.connect_signals()
        demo.register_demo_seed(seed_demo_memberships)
