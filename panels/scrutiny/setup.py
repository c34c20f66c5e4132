"""What the scrutiny and option scoring features hand the layers below them, registered once from the panels app's
ready(): a recommendation as a "You said, we did" source (the panel's members are told), their section of a
resident's data download, and the demo reviews."""


def register() -> None:
    from residents import dataexport, demo
    from residents.updates import sources

    from .dataexport import export_for_resident
    from .demo import seed_demo_scrutiny
    from .models import Recommendation
    from .services import recommendation_voices

    sources.register_source(
        Recommendation,
        describe=lambda rec: f"Scrutiny recommendation ({rec.review.title}): {rec.text[:100]}",
        resident_ids=recommendation_voices,
    )
    dataexport.register_section("panel_scrutiny_and_scoring", export_for_resident)
    demo.register_demo_seed(seed_demo_scrutiny)
