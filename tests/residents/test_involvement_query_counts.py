"""Involvement pages cost the same number of queries with 10 volunteers as with 1,000: each page is measured at
both sizes and checked against the exact number."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from residents.models import (
    ClaimStatus,
    ExpenseClaim,
    ExpenseKind,
    HoursEntry,
    HoursOrigin,
    InductionStep,
    Interest,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
    Resident,
    TrainingBooking,
    TrainingSession,
)

from ..querycount import queries_for_get
from .involvement_fixtures import OpportunityFactory
from .test_query_counts import grow_register_to

SMALL = 10
LARGE = 1_000


def grow_involvement(
    volunteers: int, *, role: Opportunity, resident: Resident, staff, session: TrainingSession
) -> None:
    """Up to `volunteers` residents accepted on `role` (each with an induction, unconfirmed hours, a place on
    `session` and an expenses claim), as many published opportunities, and the `resident` persona interested in a
    tenth of them, with hours, training places and a claim of their own."""
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
    TrainingBooking.objects.bulk_create([TrainingBooking(session=session, resident_id=pk) for pk in others])
    sessions = TrainingSession.objects.bulk_create(
        [
            TrainingSession(course=session.course, starts_at=session.starts_at, where="Online", places=5)
            for _ in range(len(others) // 10)
        ]
    )
    TrainingBooking.objects.bulk_create([TrainingBooking(session=s, resident=resident) for s in sessions])
    ExpenseClaim.objects.bulk_create(
        [
            ExpenseClaim(
                resident_id=pk,
                kind=ExpenseKind.MILEAGE,
                incurred_on=today,
                description="Meeting",
                miles=10,
                amount=Decimal("4.50"),
                status=ClaimStatus.APPROVED if pk % 2 else ClaimStatus.SUBMITTED,
                decided_at=timezone.now(),
            )
            for pk in [*others, resident.pk]
        ]
    )


PAGES = [
    ("anonymous", lambda o: reverse("residents:involvement_list"), 3),
    ("anonymous", lambda o: reverse("residents:involvement_detail", args=[o["role"].pk]), 2),
    # 9, one for scrutiny recommendations (led to) and one for each registered activity source (a Block Champion's
    # role, their issues)
    ("resident", lambda o: reverse("residents:my_involvement"), 12),
    ("resident", lambda o: reverse("residents:involvement_training"), 6),
    ("staff", lambda o: reverse("residents:involvement_staff_list"), 5),
    ("staff", lambda o: reverse("residents:involvement_volunteers", args=[o["role"].pk]), 5),
    ("staff", lambda o: reverse("residents:involvement_decide", args=[o["interest"].pk]), 5),
    ("staff", lambda o: reverse("residents:involvement_hours"), 4),
    ("staff", lambda o: reverse("residents:involvement_training_staff"), 5),
    ("staff", lambda o: reverse("residents:involvement_session", args=[o["session"].pk]), 4),
    ("staff", lambda o: reverse("residents:involvement_claims"), 4),
    ("staff", lambda o: reverse("residents:involvement_claim", args=[o["claim"].pk]), 3),
    ("staff", lambda o: reverse("residents:involvement_claims_csv"), 3),
    ("staff", lambda o: reverse("residents:involvement_register"), 5),
    ("staff", lambda o: reverse("residents:involvement_register_csv"), 4),
    # The same record as My involvement, with the staff member's session and user instead of the resident's
    ("staff", lambda o: reverse("residents:resident_involvement", args=[o["resident"].pk]), 12),
]


@pytest.mark.parametrize(("persona", "url", "expected"), PAGES, ids=[f"page-{n}" for n in range(len(PAGES))])
def test_involvement_pages_cost_the_same_at_10_and_1000_volunteers(
    client_for, resident, staff, own_interest, own_claim, training_session, persona, url, expected
):
    role = own_interest.opportunity
    objects = {
        "role": role,
        "interest": own_interest,
        "session": training_session,
        "claim": own_claim,
        "resident": resident.resident,
    }
    client = client_for(persona)
    grow = {"role": role, "resident": resident.resident, "staff": staff, "session": training_session}
    grow_involvement(SMALL, **grow)
    small = queries_for_get(client, url(objects))
    grow_involvement(LARGE, **grow)
    large = queries_for_get(client, url(objects))
    assert small.count == large.count, f"{small}\n\n{large}"
    assert small.count == expected, small
