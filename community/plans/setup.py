"""What Neighbourhood Action Plans hand the layers below, registered from the community app's ready(): a done action
can be cited by "You said, we did", the resident home shows the neighbourhood's plan, and a resident's comments,
suggestions and votes are in their data download."""


def register() -> None:
    from residents import dataexport, homepanels
    from residents.updates import sources

    from . import selectors, services
    from .models import Action

    sources.register_source(
        Action,
        describe=lambda action: f"Action plan: {action.title}",
        resident_ids=services.action_resident_ids,
    )
    homepanels.register_home_panel("community/plans/home_panel.html", selectors.home_panel, order=50)
    dataexport.register_section("action_plans", selectors.export_for_resident)
