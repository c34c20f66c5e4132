from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "engagement.decisions"
    label = "decisions"
    verbose_name = "Decisions and the resident voice"

    def ready(self):
        from residents import demo

        from .demo import seed_demo_decisions

        demo.register_demo_seed(seed_demo_decisions)
