from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"

    def ready(self):
        from residents.updates import sources

        # Walkabouts: a "You said, we did" entry can cite an issue found on a walk; the resident who raised it is told.
        from .walkabouts.models import WalkaboutIssue
        from .walkabouts.services import resident_ids_heard

        sources.register_source(
            WalkaboutIssue,
            describe=lambda issue: f"Walkabout issue {issue.feedback.reference}: {issue.location}",
            resident_ids=resident_ids_heard,
        )
