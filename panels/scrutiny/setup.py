"""What the scrutiny and option scoring features hand the layers below them, registered once from the panels app's
ready(): a recommendation as a "You said, we did" source (the panel's members are told, and each resident who sat
on the panel during the review finds it on their involvement record, with the recommendations), their section of a
resident's data download, and the demo reviews."""


def register() -> None:
    from residents import dataexport, demo
    from residents.involvement.sources import register_led_to
    from residents.updates import sources

    from .dataexport import export_for_resident
    from .demo import seed_demo_scrutiny
    from .models import Recommendation
    from .selectors import recommendation_ids_for_resident, recommendations_led_to
    from .services import recommendation_voices

    sources.register_source(
        Recommendation,
        describe=lambda rec: f"Scrutiny recommendation ({rec.review.title}): {rec.text[:100]}",
        resident_ids=recommendation_voices,
        # Whose involvement a recommendation came from: those on the panel while its review ran.
        object_ids_for_resident=recommendation_ids_for_resident,
    )
    # A resident's involvement record lists the recommendations of reviews they sat on the panel for.
    register_led_to("scrutiny_recommendations", recommendations_led_to)
    dataexport.register_section("panel_scrutiny_and_scoring", export_for_resident)
    demo.register_demo_seed(seed_demo_scrutiny)
