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
        # and a resident who signed up to the walk finds the entry on their involvement record.
        object_ids_for_resident=issue_ids_for_resident,
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


def issue_ids_for_resident(resident_id: int):
    """For a resident's involvement record: the issues found on walks they signed up to (themselves or through
    staff, and not cancelled) and those they raised, as a subquery of ids."""
    from django.db.models import Q

    from .models import SignUp, SignUpStatus, WalkaboutIssue

    walks = (
        SignUp.objects.filter(Q(resident_id=resident_id) | Q(user__resident__id=resident_id))
        .exclude(status=SignUpStatus.CANCELLED)
        .values("walkabout_id")
    )
    return WalkaboutIssue.objects.filter(Q(walkabout_id__in=walks) | Q(feedback__resident_id=resident_id)).values("pk")
