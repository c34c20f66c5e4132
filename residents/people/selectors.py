"""Reads of people that put together a page from several models, or in more than one step, with a fixed number of
queries whatever the data size. Filters of one model are QuerySet methods on it (models.py); these combine them."""

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef

from .models import EqualityMonitoring, Preferences, Resident

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
