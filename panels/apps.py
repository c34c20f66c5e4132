from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"

    def ready(self):
        self._register_scrutiny()

    @staticmethod
    def _register_scrutiny():
        # Scrutiny: a "You said, we did" entry can cite a recommendation; the panel's members are told.
        from residents import dataexport, demo
        from residents.updates import sources

        from .scrutiny.dataexport import export_for_resident
        from .scrutiny.demo import seed_demo_scrutiny
        from .scrutiny.models import Recommendation
        from .scrutiny.services import recommendation_voices

        sources.register_source(
            Recommendation,
            describe=lambda rec: f"Scrutiny recommendation ({rec.review.title}): {rec.text[:100]}",
            resident_ids=recommendation_voices,
        )
        dataexport.register_section("panel_scrutiny_and_scoring", export_for_resident)
        demo.register_demo_seed(seed_demo_scrutiny)
