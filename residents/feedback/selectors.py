"""Reads of feedback that put together a page from several models, or in more than one step, with a fixed number
of queries whatever the data size. Filters of one model are QuerySet methods on it (models.py); these combine
them."""

from datetime import datetime

from django.db.models import Count, Subquery

from . import timescales
from .deadlines import Deadline
from .models import Feedback, Hazard, possible_hazard_due

POSSIBLE_HAZARDS_SHOWN = 50
# Who reported a possible hazard and where: what its row shows besides its own fields.
REPORT_NAMES = (
    *("resident", "resident__first_name", "resident__last_name"),
    *("home", "home__address_line_1", "home__address_line_2", "home__town", "home__postcode"),
    # An item logged for a neighbourhood has no resident or home: its row names the neighbourhood.
    *("neighbourhood", "neighbourhood__name"),
)


def _count_possible(queryset) -> Subquery:
    """How many possible hazards `queryset` holds, as a subquery of another query: grouped by their review, which
    they share, so it is one number (counted from the partial index of reports still to check)."""
    return Subquery(queryset.order_by().values("hazard_review").annotate(n=Count("pk")).values("n"))


def hazards_overview(*, now: datetime) -> dict:
    """The hazards page: every clock breached (not met in time, or met late), the confirmed hazards with clocks
    still running, and the reports still to check, oldest first, with those past their investigation deadline
    (breach risks)."""
    # Not the text of their reports: up to 5,000 characters each, and not shown here.
    hazards = (
        Hazard.objects.to_watch()
        .select_related("feedback__resident", "feedback__home", "feedback__neighbourhood", "feedback__assignee")
        .defer("feedback__text")
    )
    breaches, running = [], []
    for hazard in hazards:
        clocks = [{**clock, "deadline": Deadline(clock["due"], clock["done"], now)} for clock in hazard.clocks(now)]
        breaches += [{"hazard": hazard, **clock} for clock in clocks if clock["breached"]]
        pending = [clock["due"] for clock in clocks if clock["done"] is None]
        if pending:
            running.append({"hazard": hazard, "clocks": clocks, "next_due": min(pending)})
    # Not done before done late; then the longest overdue first.
    breaches.sort(key=lambda clock: (clock["done"] is not None, clock["due"]))
    running.sort(key=lambda entry: entry["next_due"])

    # The oldest reports to check, with how many there are and how many are past their deadline in the same
    # query. Their deadlines follow the order they arrived in, so those past it come first.
    oldest = list(
        Feedback.objects.possible_hazards()
        .select_related("resident", "home", "neighbourhood")
        .only(*("category", "hazard_words", "hazard_review", "created_at"), *REPORT_NAMES)
        .annotate(
            total=_count_possible(Feedback.objects.possible_hazards()),
            past_due=_count_possible(Feedback.objects.possible_hazards_past_due(now)),
        )
        .order_by("created_at", "id")[:POSSIBLE_HAZARDS_SHOWN]
    )
    possible = [
        {"item": item, "deadline": Deadline(possible_hazard_due(item.created_at), None, now)} for item in oldest
    ]
    return {
        "breaches": breaches,
        "open_hazards": running,
        "possible": possible,
        "possible_count": oldest[0].total if oldest else 0,
        "breach_risks": [entry for entry in possible if entry["deadline"].overdue],
        "breach_risk_count": (oldest[0].past_due or 0) if oldest else 0,
        "possible_shown": POSSIBLE_HAZARDS_SHOWN,
        "investigate_days": timescales.POSSIBLE_HAZARD_INVESTIGATE_DAYS,
    }
