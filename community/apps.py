from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"

    def ready(self):
        # Each feature registers what it hands the layers below: "You said, we did" sources, involvement hours, data
        # download sections, resident home panels, demo data.
        from .champions import setup as champions
        from .events import setup as events
        from .fund import setup as fund
        from .plans import setup as plans
        from .spaces import setup as spaces
        from .walkabouts import setup as walkabouts

        for feature in (walkabouts, spaces, events, plans, champions, fund):
            feature.register()
