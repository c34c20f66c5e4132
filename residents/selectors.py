"""Reads of the residents app that a page makes of several of its models at once."""

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
