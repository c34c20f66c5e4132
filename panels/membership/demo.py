"""Demo memberships (run by seed_demo): the Resident Scrutiny Panel with a chair, a vice-chair and members, two
applications waiting for staff, a term ending soon, and the demo resident on the Together Panel, so every
membership page has something to show on a first `make run`."""

import datetime

from django.db import transaction
from django.utils import timezone

from residents.models import Resident

from ..models import Membership, MembershipRole, MembershipStatus, Panel

DEMO_RESIDENT_EMAIL = "resident@demo.example"
SCRUTINY_MEMBERS = 8
WHY = [
    "I want repairs to be done right first time.",
    "I have lived here 20 years and want to give something back.",
    "I think residents should have a say in how services are run.",
    "I work in customer service and can help you see things from our side.",
]


@transaction.atomic
def seed_demo_memberships() -> str:
    if Membership.objects.exists():
        return "Demo panel members: already present, left as they were."
    panels = {panel.slug: panel for panel in Panel.objects.filter(slug__in=["scrutiny", "together"])}
    demo_resident = Resident.objects.filter(user__email=DEMO_RESIDENT_EMAIL).first()
    others = list(Resident.objects.exclude(user__email=DEMO_RESIDENT_EMAIL).order_by("id")[: SCRUTINY_MEMBERS + 2])
    if len(panels) < 2 or demo_resident is None or len(others) < SCRUTINY_MEMBERS + 2:
        return ""
    today = timezone.localdate()
    now = timezone.now()
    roles = [MembershipRole.CHAIR, MembershipRole.VICE_CHAIR] + [MembershipRole.MEMBER] * (SCRUTINY_MEMBERS - 2)
    rows = []
    for number, (resident, role) in enumerate(zip(others[:SCRUTINY_MEMBERS], roles, strict=True)):
        starts = today - datetime.timedelta(days=200 + 40 * number)
        ends = today + datetime.timedelta(days=30) if number == 2 else starts + datetime.timedelta(days=730)
        rows.append(
            Membership(
                panel=panels["scrutiny"],
                resident=resident,
                status=MembershipStatus.MEMBER,
                role=role,
                why=WHY[number % len(WHY)],
                availability="Weekday evenings.",
                show_on_public_page=number % 3 != 1,
                applied_at=now - datetime.timedelta(days=220 + 40 * number),
                decided_at=now - datetime.timedelta(days=205 + 40 * number),
                term_starts=starts,
                term_ends=ends,
            )
        )
    for number, resident in enumerate(others[SCRUTINY_MEMBERS:]):
        rows.append(
            Membership(
                panel=panels["scrutiny"],
                resident=resident,
                why=WHY[number],
                availability="Daytimes, online is easiest for me.",
                support_needs="Papers in large print." if number == 0 else "",
                show_on_public_page=True,
                applied_at=now - datetime.timedelta(days=3 + number),
            )
        )
    rows.append(
        Membership(
            panel=panels["together"],
            resident=demo_resident,
            status=MembershipStatus.MEMBER,
            why="I would like to be asked before things change.",
            availability="Any time online.",
            show_on_public_page=True,
            decided_at=now - datetime.timedelta(days=60),
            applied_at=now - datetime.timedelta(days=70),
            term_starts=today - datetime.timedelta(days=60),
            term_ends=today + datetime.timedelta(days=670),
        )
    )
    Membership.objects.bulk_create(rows)
    return f"Demo panel members: {len(rows)} memberships and applications added."
