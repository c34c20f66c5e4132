"""The site header's links: which a visitor sees for their role, and which of them is the page shown.

Worked out on every request from the user and the request (no copy kept between requests), so a link carries
aria-current="page" on its own section and its label follows the active language.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from residents.models import Role
from residents.permissions import is_resident

# (label, URL name) in the order the header shows them.
RESIDENT = [
    (_("My home"), "residents:home"),
    (_("My feedback"), "residents:my_feedback"),
    (_("My surveys"), "surveys:my_surveys"),
    (_("My preferences"), "residents:preferences"),
]
# Staff and admin links are short, and the register import (a monthly job, offered on the staff home and the
# register page) sits in the register's section, so that an admin's header fits on one line on a 1280 px laptop.
STAFF = [
    (_("Staff home"), "residents:staff_home"),
    (_("Register"), "residents:register_list"),
    (_("Feedback"), "residents:feedback_queue"),
    (_("Hazards"), "residents:hazards"),
    (_("Surveys"), "surveys:survey_list"),
    (_("You said, we did"), "residents:update_list"),
    (_("Plans"), "community:plan_list"),
]
BOARD = [(_("Board overview"), "board_home")]
ADMIN = [(_("Board"), "board_home"), (_("Admin"), "admin:index")]
PUBLIC = [(_("You said, we did"), "residents:update_public_list"), (_("Our performance"), "performance")]
# The account pages (email, password, two-factor authentication) share one link and their own menu
# (templates/allauth/layouts/manage.html), which keeps a resident's header on one line on a laptop.
SIGNED_IN = [(_("Account"), "account_email")]
# Pages that belong to a link's section besides its own, by URL name: the link is current on them and on pages
# below them.
SECTIONS = {"account_email": ["account_change_password", "account_set_password", "mfa_index"]}
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


def _main_links(user) -> list[tuple[str, str]]:
    if not user.is_authenticated:
        return PUBLIC
    if user.role == Role.RESIDENT:
        # A panel member's links (their panels, meetings and papers) go here, after the resident's own.
        return RESIDENT + PUBLIC
    if user.role == Role.BOARD:
        return BOARD + PUBLIC
    if user.role == Role.ADMIN:
        return STAFF + ADMIN
    if user.role == Role.STAFF:
        return STAFF
    return []


def navigation_for(request: HttpRequest) -> Navigation:
    """The header's links for this visitor. The current one is the link whose address (or the address of a page
    of its section) is the longest start of the page's path: "Feedback" on a feedback item, "Register" on an
    import."""
    main = _main_links(request.user)
    account = SIGNED_IN if request.user.is_authenticated else SIGNED_OUT
    roots = {reverse(root): name for _label, name in main + account for root in [name, *SECTIONS.get(name, [])]}
    current = roots.get(max((root for root in roots if request.path.startswith(root)), key=len, default=None))
    return Navigation(
        main=[NavLink(label, reverse(name), name == current) for label, name in main],
        account=[NavLink(label, reverse(name), name == current) for label, name in account],
        data_download=is_resident(request.user),
    )
