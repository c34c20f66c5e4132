"""Decisions as tests need them: in any state, citing whatever input the test gives."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from engagement.decisions.models import Decision, DecisionKind, DecisionSource, DecisionStatus

HOW_CONSIDERED = "The panel's recommendation and the survey answers were read at the Board meeting."
WHAT_CHANGED = "The new contract asks for repairs within 5 working days, not 10."


def make_decision(status=DecisionStatus.DRAFT, *, cites=(), title="Repairs contractor for the north area", **fields):
    """A decision in this state citing these objects. Ready and later states get both sections written."""
    now = timezone.now()
    written = status != DecisionStatus.DRAFT
    values = {
        "kind": DecisionKind.CONTRACTOR,
        "title": title,
        "summary": "We chose a new contractor for repairs in the north area.",
        "decision_date": date(2026, 11, 20),
        "decided_by": "The Board",
        "how_considered": HOW_CONSIDERED if written else "",
        "what_changed": WHAT_CHANGED if written else "",
        "status": status,
        "ready_at": now if written else None,
        "published_at": now if status in (DecisionStatus.PUBLISHED, DecisionStatus.WITHDRAWN) else None,
        "withdrawn_at": now if status == DecisionStatus.WITHDRAWN else None,
        "withdrawn_reason": "Published by mistake." if status == DecisionStatus.WITHDRAWN else "",
    }
    decision = Decision.objects.create(**(values | fields))
    DecisionSource.objects.bulk_create(
        [
            DecisionSource(decision=decision, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
            for obj in cites
        ]
    )
    return decision


def decision_with_a_source(status=DecisionStatus.DRAFT) -> tuple[Decision, DecisionSource]:
    """A decision citing an item (by its link only: the item itself need not exist for the access table)."""
    from residents.models import Feedback

    decision = make_decision(status)
    link = DecisionSource.objects.create(
        decision=decision, content_type=ContentType.objects.get_for_model(Feedback), object_id=1
    )
    return decision, link
