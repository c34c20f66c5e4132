from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"

    def ready(self):
        # Each feature registers what it hands the layers below (sources, data download sections, demo data).
        from .meetings import setup as meetings
        from .membership import setup as membership
        from .scrutiny import setup as scrutiny

        membership.register()
        meetings.register()
        scrutiny.register()
