"""Reads for the walkabout pages, each a fixed number of queries whatever the number of sign-ups or issues."""

from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from residents.models import FeedbackStatus

from .models import SignUp, SignUpStatus, Walkabout, WalkaboutIssue
from .services import ReportFigures, report_figures


def places(walkabout: Walkabout) -> dict:
    counts = walkabout.sign_ups.aggregate(
        going=Count("pk", filter=Q(status=SignUpStatus.GOING)),
        waiting=Count("pk", filter=Q(status=SignUpStatus.WAITING)),
    )
    return {**counts, "free": max(walkabout.capacity - counts["going"], 0)}


def manage_page(walkabout: Walkabout, *, now) -> dict:
    """Who is coming, who is waiting (in order), and the issues logged: one query each."""
    sign_ups = list(
        SignUp.objects.filter(walkabout=walkabout)
        .exclude(status=SignUpStatus.CANCELLED)
        .select_related("user", "resident__home")
        .order_by("status", "waiting_since", "created_at", "id")
    )
    issues = list(
        WalkaboutIssue.objects.filter(walkabout=walkabout)
        .select_related("feedback__assignee")
        .order_by("created_at", "id")
    )
    going = [record for record in sign_ups if record.status == SignUpStatus.GOING]
    return {
        "going": going,
        "waiting": [record for record in sign_ups if record.status == SignUpStatus.WAITING],
        "free": max(walkabout.capacity - len(going), 0),
        "issues": issues,
    }


def report(walkabout: Walkabout, *, today: date) -> dict:
    """What was found and where each issue is now, read from the feedback (so it is current as items close)."""
    issues = list(WalkaboutIssue.objects.for_report().filter(walkabout=walkabout).order_by("created_at", "id"))
    return {
        "issues": issues,
        "figures": report_figures(issues, today=today),
        "today": today,
        "participants": took_part(walkabout),
    }


def took_part(walkabout: Walkabout) -> int:
    """How many took part: those recorded as having come once attendance is recorded, else those with a place (one
    query)."""
    counts = walkabout.sign_ups.filter(status=SignUpStatus.GOING).aggregate(
        going=Count("pk"),
        recorded=Count("pk", filter=Q(attended__isnull=False)),
        came=Count("pk", filter=Q(attended=True)),
    )
    return counts["came"] if counts["recorded"] else counts["going"]


def attendance_page(walkabout: Walkabout) -> list[SignUp]:
    """Everyone with a place on the walk, residents and Board members, for staff to say who came (one query)."""
    return list(
        SignUp.objects.filter(walkabout=walkabout, status=SignUpStatus.GOING)
        .select_related("user", "resident__home")
        .order_by("created_at", "id")
    )


def waiting_position(sign_up: SignUp) -> int:
    """Where someone on the waiting list stands: 1 is next to get a place."""
    ahead = Q(waiting_since__lt=sign_up.waiting_since) | Q(waiting_since=sign_up.waiting_since, id__lt=sign_up.pk)
    return SignUp.objects.filter(ahead, walkabout_id=sign_up.walkabout_id, status=SignUpStatus.WAITING).count() + 1


def issue_figures(issues, *, today: date) -> ReportFigures:
    """The walk report's figures (report_figures: found, resolved, resolved on time, due so far) for any set of
    issues, counted in the database in one query: the same definitions, so the Board's on-time share is the one
    the walk reports give. Put right on time: closed on or before its date, in the portal's time zone."""
    closed = Q(feedback__status=FeedbackStatus.CLOSED)
    on_time = closed & Q(feedback__closed_at__isnull=False, due_on__gte=TruncDate("feedback__closed_at"))
    return ReportFigures(
        **issues.order_by().aggregate(
            found=Count("pk"),
            resolved=Count("pk", filter=closed),
            resolved_on_time=Count("pk", filter=on_time),
            due_so_far=Count("pk", filter=closed | Q(due_on__lt=today)),
        )
    )
