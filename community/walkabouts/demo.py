"""Demo data for walkabouts (run by seed_demo): a walk next week in the demo resident's neighbourhood that they are
signed up to, and one last week with issues logged and its report published, so every walkabout page has
something to show on a first `make run`."""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from residents.feedback.services import set_status
from residents.models import FeedbackStatus, Resident, User

from . import services
from .models import Priority, Walkabout, WalkaboutKind

DEMO_MEETING_POINT = "The community centre car park (demo)"
ISSUES = [
    ("grounds", "A mattress and bags of rubbish dumped by the bin store.", "Bin store behind the community centre"),
    ("safety", "Two paving slabs are lifting: a trip hazard on the way to the shops.", "Path to the shops"),
    ("communal", "The light over the side entrance is out.", "Side entrance"),
]


def seed_demo_walkabouts() -> str:
    if Walkabout.objects.filter(meeting_point=DEMO_MEETING_POINT).exists():
        return "Demo walkabouts: already present, left as they were."
    resident = Resident.objects.with_home().filter(user__email="resident@demo.example").first()
    staff = User.objects.filter(email="staff@demo.example").first()
    if resident is None or staff is None:
        return ""
    neighbourhood = resident.home.block.neighbourhood
    now = timezone.now().replace(minute=0, second=0, microsecond=0)

    def walk(starts_at, kind) -> Walkabout:
        return services.plan_walkabout(
            created_by=staff,
            neighbourhood=neighbourhood,
            kind=kind,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            meeting_point=DEMO_MEETING_POINT,
            route="Round the blocks, past the play area and the shops, back by the allotments",
            step_free=True,
            distance_km=Decimal("1.8"),
            seating=True,
            accessibility_notes="Benches by the play area and the shops.",
            capacity=12,
            lead=staff,
            partners="Neighbourhood police team",
        )

    coming = walk(now + timedelta(days=7), WalkaboutKind.WALKABOUT)
    services.sign_up(walkabout=coming, user=resident.user, resident=resident, added_by=resident.user)

    past = walk(now + timedelta(days=1), WalkaboutKind.EXPLORER)
    services.sign_up(walkabout=past, user=resident.user, resident=resident, added_by=resident.user)
    Walkabout.objects.filter(pk=past.pk).update(
        starts_at=now - timedelta(days=7), ends_at=now - timedelta(days=7, hours=-2), reminded_at=now
    )
    today = timezone.localdate()
    logged = [
        services.log_issue(
            walkabout=past,
            spec=services.IssueSpec(
                key=uuid.uuid4(),
                raised_by=resident,
                category=category,
                text=text,
                location=where,
                latitude=None,
                longitude=None,
                priority=Priority.HIGH if category == "safety" else Priority.NORMAL,
                due_on=today + timedelta(days=7 * n),
                assignee=staff,
                photos=[],
            ),
            logged_by=staff,
        ).issue
        for n, (category, text, where) in enumerate(ISSUES)
    ]
    set_status(feedback=logged[0].feedback, status=FeedbackStatus.CLOSED, actor=staff)
    services.publish_report(
        walkabout=past,
        summary="The dumped rubbish has gone. The council is relaying the paving slabs, and our repairs team is "
        "fixing the light.",
        actor=staff,
    )
    return f"Demo walkabouts: one coming up and one with {len(logged)} issues and its report, in {neighbourhood}."
