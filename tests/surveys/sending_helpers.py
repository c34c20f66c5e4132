"""Building blocks for the tests of who is asked and how invitations go out."""

from residents.models import Preferences, Tenure

from ..factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory


def residents_in(neighbourhood: str, count: int, *, tenure: str = Tenure.LCRA, email: bool = True, **fields):
    """count residents in one neighbourhood and tenure, each in their own home."""
    block = BlockFactory(neighbourhood=NeighbourhoodFactory(name=neighbourhood))
    made = []
    for _ in range(count):
        home = HomeFactory(block=block, tenure=tenure)
        resident = ResidentFactory(home=home, **fields)
        if not email:
            resident.email = ""
            resident.save(update_fields=["email"])
        made.append(resident)
    return made


def prefer(resident, **fields) -> Preferences:
    preferences, _ = Preferences.objects.update_or_create(resident=resident, defaults=fields)
    return preferences
