from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "residents"
    verbose_name = "Residents and places"

    def ready(self):
        from . import permissions, sources
        from .models import Feedback

        permissions.connect_signals()

        sources.register_source(
            Feedback,
            describe=lambda item: (
                f"{item.reference}: {item.get_kind_display()} about {item.get_category_display().lower()}"
            ),
            resident_ids=lambda ids: Feedback.objects.filter(id__in=ids).values_list("resident_id", flat=True),
        )
