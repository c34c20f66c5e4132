from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"

    def ready(self):
        from .events import setup as events
        from .spaces import setup as spaces

        spaces.connect()
        events.connect()
