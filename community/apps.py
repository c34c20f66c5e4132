from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"

    def ready(self):
        # Each feature registers what it hands the layers below (sources, data download sections, demo data).
        from .events import setup as events
        from .spaces import setup as spaces
        from .walkabouts import registry as walkabouts

        walkabouts.connect()
        spaces.connect()
        events.connect()
