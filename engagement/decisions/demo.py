"""Demo decisions (run by seed_demo): one published, citing demo residents' feedback and a survey, and one ready
for the Board, so the decision pages have something to show on a first `make run`. Made directly, without the
publishing emails to demo residents."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from residents.models import Feedback
from surveys.models import Survey

from . import services
from .models import Decision, DecisionKind, DecisionStatus

DECISIONS = [
    (
        DecisionKind.SERVICE_CHANGE,
        "Repairs appointments in the evening and on Saturdays",
        "From next month residents can book a repair between 4pm and 8pm on weekdays, or on a Saturday morning.",
        "Executive team",
        "Many of you told us you could not take a day off work to wait in for a repair. We read every comment about "
        "appointments from the last year and asked the repairs survey what times would suit.",
        "We are adding evening and Saturday slots, and a text the day before with a two-hour window.",
        DecisionStatus.PUBLISHED,
    ),
    (
        DecisionKind.CONTRACTOR,
        "Choosing the new grounds maintenance contractor",
        "A report to the Board recommending the contractor for grounds maintenance from April.",
        "Asset management committee",
        "Residents on the Together panel scored the two shortlisted bids on what residents had told us about "
        "grass cutting and litter picking.",
        "The contract now sets out litter picking each week and a named estate contact for residents.",
        DecisionStatus.READY,
    ),
]


def seed_demo_decisions() -> str:
    if Decision.objects.exists():
        return ""
    feedback = list(Feedback.objects.filter(resident__isnull=False).order_by("created_at")[:3])
    survey = Survey.objects.order_by("id").first()
    if not feedback:
        return ""
    now = timezone.now()
    with transaction.atomic():
        for kind, title, summary, decided_by, considered, changed, status in DECISIONS:
            decision = Decision.objects.create(
                kind=kind,
                title=title,
                summary=summary,
                decision_date=timezone.localdate() - timedelta(days=14),
                decided_by=decided_by,
                how_considered=considered,
                what_changed=changed,
            )
            for obj in [*feedback, *([survey] if survey else [])]:
                services.cite(decision=decision, obj=obj)
            decision = services.mark_ready(decision=decision)
            if status == DecisionStatus.PUBLISHED:
                Decision.objects.filter(pk=decision.pk).update(status=status, published_at=now)
    return f"Demo decisions: {len(DECISIONS)} (one published, one ready for the Board)."
