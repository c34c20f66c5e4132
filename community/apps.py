from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"

    def ready(self):
        self._ready_plans()
        self._ready_champions()

    def _ready_plans(self):
        """Neighbourhood Action Plans: a done action can be cited by "You said, we did", and the resident home
        shows the neighbourhood's plan; a resident's comments, suggestions and votes are in their data download."""
        from residents import dataexport, homepanels
        from residents.updates import sources

        from .plans import selectors, services
        from .plans.models import Action

        sources.register_source(
            Action,
            describe=lambda action: f"Action plan: {action.title}",
            resident_ids=services.action_resident_ids,
        )
        homepanels.register_home_panel("community/plans/home_panel.html", selectors.home_panel, order=50)
        dataexport.register_section("action_plans", selectors.export_for_resident)

    def _ready_champions(self):
        """Block Champions: the resident home links to the block's page and how to become its champion."""
        from residents import homepanels

        homepanels.register_home_panel(
            "community/champions/home_panel.html", lambda resident: {"block_id": resident.home.block_id}, order=60
        )
