from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"

    def ready(self):
        from .walkabouts import registry as walkabouts

        walkabouts.connect()

        from .fund import setup as fund

        fund.register()
