"""The site header's links: which a visitor sees for their role, and which of them is the page shown.

Worked out on every request from the user and the request (no copy kept between requests), so a link carries
aria-current="page" on its own section and its label follows the active language.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from panels.permissions import shows_my_panels
from residents.models import Role
from residents.permissions import is_resident

# (label, URL name) in the order the header shows them. From 992 px the sections have a row of their own, the full
# width of the page (templates/includes/header.html), so a role's sections fit on one line on a 1280 px laptop.
RESIDENT = [
    (_("My home"), "residents:home"),
    (_("My feedback"), "residents:my_feedback"),
    (_("My surveys"), "surveys:my_surveys"),
    (_("My preferences"), "residents:preferences"),
]
# A resident who has applied to or sits on a panel (their panels, meetings and papers are reached from there).
MY_PANELS = [(_("My panels"), "panels:my_panels")]
STAFF = [
    (_("Staff home"), "residents:staff_home"),
    (_("Register"), "residents:register_list"),
    (_("Feedback"), "residents:feedback_queue"),
    (_("Hazards"), "residents:hazards"),
    (_("Surveys"), "surveys:survey_list"),
    (_("Panels"), "panels:staff_panel_list"),
    (_("Involvement"), "residents:involvement_staff_list"),
    (_("Community"), "community:staff_home"),
    (_("You said, we did"), "residents:update_list"),
]
# Reports from resident panels (the Spotlight Panel above all) wait there for the Board's response.
BOARD = [
    (_("Board overview"), "board_home"),
    (_("Panel reports"), "panels:board_report_list"),
    (_("Walkabouts"), "community:walkabout_list"),
]
ADMIN = [(_("Board"), "board_home"), (_("Admin"), "admin:index")]
# What anyone may read. Signed in, a resident finds panels, walkabouts, events and spaces from Get involved and
# their home page, which keeps their own pages first in the header.
PUBLIC = [
    (_("You said, we did"), "residents:update_public_list"),
    (_("Our performance"), "performance"),
    (_("Get involved"), "residents:involvement_list"),
]
COMMUNITY = [
    (_("Panels"), "panels:panel_list"),
    (_("Events"), "community:event_list"),
    (_("Spaces"), "community:space_list"),
    (_("Community Fund"), "community:fund_rounds"),
]
# The account pages (email, password, two-factor authentication) share one link and their own menu
# (templates/allauth/layouts/manage.html), which keeps a resident's header on one line on a laptop.
SIGNED_IN = [(_("Account"), "account_email")]
# Pages that belong to a link's section besides its own, by URL name: the link is current on them and on pages
# below them.
SECTIONS = {
    "account_email": ["account_change_password", "account_set_password", "mfa_index"],
    # Staff's community page leads to each community feature's staff pages.
    "community:staff_home": [
        "community:walkabout_staff_list",
        "community:plan_list",
        "community:champion_list",
        "community:booking_queue",
        "community:space_manage",
        "community:event_manage",
        "community:fund_staff_list",
    ],
}
SIGNED_OUT = [(_("Sign in"), "account_login"), (_("Create an account"), "account_signup")]


@dataclass(frozen=True)
class NavLink:
    label: str
    href: str
    current: bool


@dataclass(frozen=True)
class Navigation:
    main: list[NavLink]
    account: list[NavLink]
    # The download holds a resident's register entry, preferences and answers: only residents are offered it.
    data_download: bool


def _main_links(request) -> list[tuple[str, str]]:
    user = request.user
    if not user.is_authenticated:
        return PUBLIC + COMMUNITY
    if user.role == Role.RESIDENT:
        return RESIDENT + (MY_PANELS if shows_my_panels(request) else []) + PUBLIC
    if user.role == Role.BOARD:
        return BOARD + PUBLIC + COMMUNITY
    if user.role == Role.ADMIN:
        return STAFF + ADMIN
    if user.role == Role.STAFF:
        return STAFF
    return []


def navigation_for(request: HttpRequest) -> Navigation:
    """The header's links for this visitor. The current one is the link whose address (or the address of a page
    of its section) is the longest start of the page's path: "Feedback" on a feedback item, "Register" on an
    import."""
    main = _main_links(request)
    account = SIGNED_IN if request.user.is_authenticated else SIGNED_OUT
    roots = {reverse(root): name for _label, name in main + account for root in [name, *SECTIONS.get(name, [])]}
    current = roots.get(max((root for root in roots if request.path.startswith(root)), key=len, default=None))
    return Navigation(
        main=[NavLink(label, reverse(name), name == current) for label, name in main],
        account=[NavLink(label, reverse(name), name == current) for label, name in account],
        data_download=is_resident(request.user),
    )
