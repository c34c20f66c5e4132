"""What Neighbourhood Action Plans hand the layers below, registered from the community app's ready(): a done action
can be cited by "You said, we did", the resident home shows the neighbourhood's plan, and a resident's comments,
suggestions and votes are in their data download. The actions a resident proposed, voted for or commented on are
the ones their involvement record traces "You said, we did" entries back to."""


def register() -> None:
    from residents import dataexport, homepanels
    from residents.updates import sources

    from . import selectors, services
    from .models import Action

    sources.register_source(
        Action,
        describe=lambda action: f"Action plan: {action.title}",
        resident_ids=services.action_resident_ids,
        object_ids_for_resident=action_ids_for_resident,
    )
    homepanels.register_home_panel("community/plans/home_panel.html", selectors.home_panel, order=50)
    dataexport.register_section("action_plans", selectors.export_for_resident)


def action_ids_for_resident(resident_id: int):
    """For a resident's involvement record: the actions they proposed (directly or through a proposal added to
    the plan), voted for or commented on, as a subquery of ids."""
    from django.db.models import Exists, OuterRef, Q

    from .models import Action, PlanComment, Proposal, Vote

    return Action.objects.filter(
        Q(proposed_by_id=resident_id)
        | Exists(Vote.objects.filter(action=OuterRef("pk"), resident_id=resident_id))
        | Exists(PlanComment.objects.filter(action=OuterRef("pk"), resident_id=resident_id))
        | Exists(Proposal.objects.filter(action=OuterRef("pk"), resident_id=resident_id))
    ).values("pk")
