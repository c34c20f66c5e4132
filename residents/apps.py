from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "residents"
    verbose_name = "Residents and places"

    def ready(self):
        from . import demo, permissions
        from .feedback.models import Feedback
        from .involvement import signals as involvement
        from .involvement.demo import seed_demo_involvement
        from .people import signals
        from .updates import services as updates
        from .updates import sources

        permissions.connect_signals()
        involvement.connect_signals()
        signals.connect_signals()
        demo.register_demo_seed(seed_demo_involvement)
        signals.neighbourhoods_added.connect(updates.new_neighbourhoods_added, dispatch_uid="updates-public-pages")

        sources.register_source(
            Feedback,
            describe=lambda item: (
                f"{item.reference}: {item.get_kind_display()} about {item.get_category_display().lower()}"
            ),
            # An item logged for a neighbourhood carries no resident's voice: nobody is told.
            resident_ids=lambda ids: Feedback.objects.filter(id__in=ids, resident__isnull=False).values_list(
                "resident_id", flat=True
            ),
            object_ids_for_resident=lambda resident_id: Feedback.objects.filter(resident_id=resident_id).values("pk"),
        )
