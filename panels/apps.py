from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"

    def ready(self):
        # Each feature registers what it hands the layers below (sources, data download sections, demo data).
        from .meetings import setup as meetings
        from .scrutiny import setup as scrutiny

        meetings.register()
        scrutiny.register()
