from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"

    def ready(self):
        from .meetings import setup as meetings

        meetings.register()
