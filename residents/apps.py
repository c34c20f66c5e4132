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
            resident_ids=lambda ids: Feedback.objects.filter(id__in=ids).values_list("resident_id", flat=True),
        )
