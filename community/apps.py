from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"

    def ready(self):
        from .spaces import setup as spaces

        spaces.connect()
