"""Involvement pages cost the same number of queries with 10 volunteers as with 1,000: each page is measured at
both sizes and checked against the exact number."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from residents.models import (
    HoursEntry,
    HoursOrigin,
    InductionStep,
    Interest,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
    Resident,
)

from ..querycount import queries_for_get
from .involvement_fixtures import OpportunityFactory
from .test_query_counts import grow_register_to

SMALL = 10
LARGE = 1_000


def grow_involvement(volunteers: int, *, role: Opportunity, resident: Resident, staff) -> None:
    """Up to `volunteers` residents accepted on `role` (each with an induction and unconfirmed hours), as many
    published opportunities, and the `resident` persona interested in a tenth of them with hours of their own."""
    grow_register_to(volunteers + 1, uploaded_by=staff)
    taken = set(Interest.objects.filter(opportunity=role).values_list("resident_id", flat=True))
    others = list(Resident.objects.exclude(pk__in=taken | {resident.pk}).values_list("pk", flat=True))
    interests = Interest.objects.bulk_create(
        [
            Interest(opportunity=role, resident_id=pk, availability="Evenings", status=InterestStatus.ACCEPTED)
            for pk in others
        ]
    )
    InductionStep.objects.bulk_create(
        [InductionStep(interest=i, position=n, label=f"Step {n}") for i in interests for n in range(1, 4)]
    )
    today = timezone.localdate()
    HoursEntry.objects.bulk_create(
        [
            HoursEntry(resident_id=pk, on=today, hours=Decimal("2"), description="Meeting", origin=HoursOrigin.LOGGED)
            for pk in others
        ]
    )
    count = Opportunity.objects.count()
    new = Opportunity.objects.bulk_create(
        [
            OpportunityFactory.build(
                title=f"Role {count + n}",
                status=OpportunityStatus.PUBLISHED,
                published_at=timezone.now(),
                closes_on=today + timedelta(days=n % 60),
            )
            for n in range(len(others))
        ]
    )
    Interest.objects.bulk_create(
        [Interest(opportunity=o, resident=resident, availability="Weekends") for o in new[::10]]
    )
    HoursEntry.objects.bulk_create(
        [
            HoursEntry(
                resident=resident, on=today, hours=Decimal("1"), description="Leaflets", origin=HoursOrigin.LOGGED
            )
            for _ in range(len(others) // 10)
        ]
    )


PAGES = [
    ("anonymous", lambda role, interest: reverse("residents:involvement_list"), 3),
    ("anonymous", lambda role, interest: reverse("residents:involvement_detail", args=[role.pk]), 2),
    ("resident", lambda role, interest: reverse("residents:my_involvement"), 6),
    ("staff", lambda role, interest: reverse("residents:involvement_staff_list"), 5),
    ("staff", lambda role, interest: reverse("residents:involvement_volunteers", args=[role.pk]), 5),
    ("staff", lambda role, interest: reverse("residents:involvement_decide", args=[interest.pk]), 5),
    ("staff", lambda role, interest: reverse("residents:involvement_hours"), 4),
]


@pytest.mark.parametrize(("persona", "url", "expected"), PAGES, ids=[f"page-{n}" for n in range(len(PAGES))])
def test_involvement_pages_cost_the_same_at_10_and_1000_volunteers(
    client_for, resident, staff, own_interest, persona, url, expected
):
    role = own_interest.opportunity
    client = client_for(persona)
    grow_involvement(SMALL, role=role, resident=resident.resident, staff=staff)
    small = queries_for_get(client, url(role, own_interest))
    grow_involvement(LARGE, role=role, resident=resident.resident, staff=staff)
    large = queries_for_get(client, url(role, own_interest))
    assert small.count == large.count, f"{small}\n\n{large}"
    assert small.count == expected, small
