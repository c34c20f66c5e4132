"""What Block Champions hand the layers below, registered from the community app's ready(): the resident home links to
the block's page and how to become its champion."""


def register() -> None:
    from residents import homepanels

    homepanels.register_home_panel(
        "community/champions/home_panel.html", lambda resident: {"block_id": resident.home.block_id}, order=60
    )
