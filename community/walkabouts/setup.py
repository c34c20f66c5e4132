"""What walkabouts register with the base app when the app is ready (called from CommunityConfig.ready)."""


def register() -> None:
    from residents import dataexport, demo, homepanels
    from residents.involvement.sources import register_hours_source
    from residents.updates import sources

    from .demo import seed_demo_walkabouts
    from .models import Walkabout, WalkaboutIssue
    from .services import export_for_resident, resident_ids_heard

    # A "You said, we did" entry can cite an issue found on a walk: the resident who raised it is told.
    sources.register_source(
        WalkaboutIssue,
        describe=lambda issue: f"Walkabout issue {issue.feedback.reference}: {issue.location}",
        resident_ids=resident_ids_heard,
    )
    # Coming on a walk counts on a resident's involvement record (staff record who came).
    register_hours_source(Walkabout, describe=lambda walkabout: walkabout.title)
    dataexport.register_section("walkabouts", export_for_resident)
    demo.register_demo_seed(seed_demo_walkabouts)
    # The resident home offers the walks of the resident's neighbourhood.
    homepanels.register_home_panel(
        "community/walkabouts/home_panel.html",
        lambda resident: {"neighbourhood": resident.home.block.neighbourhood.name},
        order=30,
    )
