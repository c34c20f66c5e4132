"""Many panel members at once, for the query-count and make-up tests: residents and memberships made in bulk."""

import datetime
import itertools

from django.utils import timezone

from panels.models import Membership, MembershipStatus, Panel
from residents.models import EqualityMonitoring, Resident, Tenure

from ..factories import BlockFactory, HomeFactory, NeighbourhoodFactory

_counter = itertools.count()


def homes(names=("Millbrook", "Eastgate", "Harbour")) -> list:
    """One rented home and one shared-ownership home in each neighbourhood."""
    made = []
    for name in names:
        block = BlockFactory(neighbourhood=NeighbourhoodFactory(name=name))
        made += [HomeFactory(block=block, tenure=Tenure.LCRA), HomeFactory(block=block, tenure=Tenure.LCHO)]
    return made


def add_residents(count: int, *, homes: list, equality: list[dict] | None = None) -> list[Resident]:
    """count residents spread over the homes; equality[i % len] is each one's equality answers (None: none)."""
    start = next(_counter) * 100_000
    residents = Resident.objects.bulk_create(
        Resident(
            resident_reference=f"RM-{start + n:07d}",
            tenancy_reference=f"TM-{start + n:07d}",
            home=homes[n % len(homes)],
            first_name=f"Member{n}",
            last_name=f"Bulk{start + n}",
        )
        for n in range(count)
    )
    if equality:
        rows = [
            EqualityMonitoring(resident=resident, **equality[n % len(equality)])
            for n, resident in enumerate(residents)
            if equality[n % len(equality)] is not None
        ]
        EqualityMonitoring.objects.bulk_create(rows)
    return residents


def add_members(panel: Panel, residents: list[Resident], *, joined_days_ago: int = 400, **fields) -> list[Membership]:
    """Current members since joined_days_ago, terms ending on a spread of days (some within 60 days)."""
    today = timezone.localdate()
    decided = timezone.now() - datetime.timedelta(days=joined_days_ago)
    return Membership.objects.bulk_create(
        Membership(
            panel=panel,
            resident=resident,
            status=MembershipStatus.MEMBER,
            show_on_public_page=True,
            applied_at=decided,
            decided_at=decided,
            term_starts=today - datetime.timedelta(days=joined_days_ago),
            term_ends=today + datetime.timedelta(days=30 + n % 200),
            **fields,
        )
        for n, resident in enumerate(residents)
    )


def add_applications(panel: Panel, residents: list[Resident]) -> list[Membership]:
    return Membership.objects.bulk_create(
        Membership(panel=panel, resident=resident, why="I would like to help.", availability="Evenings")
        for resident in residents
    )
