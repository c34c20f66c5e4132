from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "engagement.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes framework"
