"""The figures the Board overview shows, each counted in the database in one query whatever the data size."""

from datetime import timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from residents.models import ComplaintStage, Feedback, FeedbackKind, HazardReview
from surveys.models import Survey

# Complaint responses are judged over the last year, as the Tenant Satisfaction Measures' complaint figures are.
COMPLAINTS_PERIOD = timedelta(days=365)


def board_figures(now=None) -> dict:
    """Open feedback (with the complaints and hazards among it), complaint responses in the last year and how
    many met their deadline (extensions allowed by the Complaint Handling Code included), and the surveys open
    now with their submitted responses. Three queries."""
    now = now or timezone.now()
    feedback = Feedback.objects.open().aggregate(
        open=Count("id"),
        complaints=Count("id", filter=Q(kind=FeedbackKind.COMPLAINT)),
        hazards=Count("id", filter=Q(hazard_review=HazardReview.CONFIRMED)),
        possible_hazards=Count("id", filter=Q(hazard_review=HazardReview.POSSIBLE)),
        overdue=Count("id", filter=Q(next_due_at__lt=now)),
    )
    complaints = ComplaintStage.objects.filter(responded_at__gt=now - COMPLAINTS_PERIOD).aggregate(
        answered=Count("id"), on_time=Count("id", filter=Q(responded_at__lte=F("response_due")))
    )
    surveys = Survey.objects.open(now).aggregate(
        open=Count("id", distinct=True),
        responses=Count("responses", filter=Q(responses__submitted_on__isnull=False)),
    )
    return {"feedback": feedback, "complaints": complaints, "surveys": surveys}
