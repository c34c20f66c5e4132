from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "engagement.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes framework"

    def ready(self):
        from residents import demo

        from .demo import seed_demo_outcomes

        demo.register_demo_seed(seed_demo_outcomes)
