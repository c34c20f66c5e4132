"""Demo indicators and targets for the outcomes framework (run by seed_demo), so each outcome's page has figures
against a target on a first `make run`."""

from residents.involvement.models import Outcome

from .models import Direction, OutcomeIndicator

INDICATORS = [
    (Outcome.RELATIONSHIPS, "tp01_involved", 80),
    (Outcome.RELATIONSHIPS, "updates_published", 6),
    (Outcome.STAFF_WELLBEING, "staff_pulse", 70),
    (Outcome.RESIDENT_EXPERIENCE, "tp01_not_involved", 75),
    (Outcome.RESIDENT_EXPERIENCE, "complaints_on_time", 95),
    (Outcome.OPERATIONAL_EXCELLENCE, "walkabout_issues_on_time", 90),
    (Outcome.OPERATIONAL_EXCELLENCE, "recommendations_implemented", 80),
]


def seed_demo_outcomes() -> str:
    if OutcomeIndicator.objects.exists():
        return ""
    OutcomeIndicator.objects.bulk_create(
        OutcomeIndicator(outcome=outcome, indicator=code, direction=Direction.AT_LEAST, target=target)
        for outcome, code, target in INDICATORS
    )
    return f"Demo outcomes framework: {len(INDICATORS)} indicators with targets."
