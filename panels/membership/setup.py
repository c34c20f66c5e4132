"""What the membership feature hands the layers below it, registered once from the panels app's ready(): the header's
"My panels" flag kept at sign-in, its section of a resident's data download, and the demo members."""


def register() -> None:
    from residents import dataexport, demo

    from .. import permissions
    from .demo import seed_demo_memberships
    from .selectors import export_for_resident

    permissions.connect_signals()
    demo.register_demo_seed(seed_demo_memberships)
    dataexport.register_section("panels", export_for_resident)
