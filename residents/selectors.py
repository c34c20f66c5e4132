"""Reads that put together a page from several models, or in more than one step, with a fixed number of queries
whatever the data size. Filters of one model are QuerySet methods on it (models/); these combine them."""

from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Subquery

from .deadlines import Deadline
from .models import EqualityMonitoring, Feedback, Hazard, Preferences, Resident, possible_hazard_due

HOME_PAGE_FIELDS = (
    *("first_name", "tenancy_reference"),
    *("home__address_line_1", "home__address_line_2", "home__town", "home__postcode"),
    "home__block__neighbourhood__name",
    *("preferences__contact_channels", "preferences__language", "preferences__accessibility_needs"),
    *("preferences__accessibility_other", "preferences__involvement_interests"),
    *("preferences__survey_opt_out", "preferences__do_not_contact"),
)


def resident_for_home_page(*, user) -> Resident | None:
    """The signed-in resident's register entry as their home page shows it, in one query: their name and
    tenancy, their home and neighbourhood, their preferences (the defaults, unsaved, if they have chosen none)
    and whether they answered the equality questions (`has_equality`). None before they link their account."""
    resident = (
        Resident.objects.filter(user=user)
        .select_related("home__block__neighbourhood", "preferences")
        .only(*HOME_PAGE_FIELDS)
        .annotate(has_equality=Exists(EqualityMonitoring.objects.filter(resident=OuterRef("pk"))))
        .first()
    )
    if resident is not None and not hasattr(resident, "preferences"):
        resident.preferences = Preferences(resident=resident)
    return resident


def register_search_page(text: str, *, neighbourhood: int | None, number, per_page: int, limit: int) -> Page:
    """Page `number` of what a staff search of the register finds (at most `limit` of them, in name order), its
    residents read as Resident.objects.listed() reads them. The matches are counted and paged from the name
    indexes alone (Resident.objects.search_matches) and only the page's residents are read with their homes:
    joined to every match, a search for "b" read a tenth of the register's homes to show 25."""
    matches = Resident.objects.search_matches(text, neighbourhood=neighbourhood)[:limit]
    page = Paginator(matches, per_page).get_page(number)
    ids = [pk for pk, _last_key, _first_key in page]
    residents = Resident.objects.listed().in_bulk(ids)
    page.object_list = [residents[pk] for pk in ids if pk in residents]  # one may have left since it was found
    return page


POSSIBLE_HAZARDS_SHOWN = 50
# Who reported a possible hazard and where: what its row shows besides its own fields.
REPORT_NAMES = (
    *("resident", "resident__first_name", "resident__last_name"),
    *("home", "home__address_line_1", "home__address_line_2", "home__town", "home__postcode"),
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
        .select_related("feedback__resident", "feedback__home", "feedback__assignee")
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
        .select_related("resident", "home")
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
    }
