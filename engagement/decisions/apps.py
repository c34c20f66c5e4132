from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "engagement.decisions"
    label = "decisions"
    verbose_name = "Decisions and the resident voice"
