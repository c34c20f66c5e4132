"""The panels membership rows of the access table (tests/test_access.py merges them in).

Same format as PRODUCT and MISSING_OBJECTS there: URL name -> Entry. The fixtures the URL builders ask for live in
tests/panels/fixtures.py. The panel pages are public; a resident's application or membership is theirs alone
(another resident, the panel member of another panel and an unlinked account get 404); staff pages are staff only.
"""

from collections.abc import Callable

from django.urls import reverse

from ..access import (
    LOGIN,
    MISSING_PK,
    POST_ONLY,
    RESIDENT_LINKED_PAGE,
    STAFF_PAGE,
    STAFF_PAGE_MISSING_OBJECT,
    Entry,
    Redirect,
    by_persona,
    everyone,
    named,
)


def panel_url(name: str) -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"slug": get("open_panel").slug})


def own_url(name: str, fixture: str) -> Callable[[Callable], str]:
    """A resident's page about their own application or membership."""
    return lambda get: reverse(name, kwargs={"pk": get(fixture).pk})


def staff_url(name: str, fixture: str) -> Callable[[Callable], str]:
    """A staff page about one application or membership, under its panel."""

    def build(get) -> str:
        membership = get(fixture)
        return reverse(name, kwargs={"slug": membership.panel.slug, "pk": membership.pk})

    return build


# The resident's own application or membership: theirs alone.
OWN = by_persona(
    anonymous=LOGIN,
    resident=200,
    other_resident=404,
    panel_member=404,
    unlinked_resident=404,
    staff=403,
    staff_without_mfa=403,
    board=403,
    admin_user=403,
)
OWN_MISSING = {**OWN, "resident": 404}
# A staff action whose empty form comes back with its errors (200), or which is done and goes back (302).
STAFF_FORM_ERRORS = STAFF_PAGE
STAFF_DONE = {**STAFF_PAGE, "staff": 302, "admin_user": 302}

MEMBERSHIP_PAGES = {
    # Public: what each panel does and how to join.
    "panels:panel_list": Entry(named("panels:panel_list"), everyone(200), wrong_method=("post", "anonymous")),
    "panels:panel_detail": Entry(panel_url("panels:panel_detail"), everyone(200), wrong_method=("post", "anonymous")),
    # Residents
    "panels:apply": Entry(panel_url("panels:apply"), RESIDENT_LINKED_PAGE, wrong_method=("put", "resident")),
    "panels:my_panels": Entry(named("panels:my_panels"), RESIDENT_LINKED_PAGE, wrong_method=("post", "resident")),
    "panels:withdraw": Entry(
        own_url("panels:withdraw", "own_application"),
        POST_ONLY,
        wrong_method=("put", "resident"),
        post={**OWN, "resident": Redirect("panels:my_panels")},
    ),
    "panels:step_down": Entry(own_url("panels:step_down", "own_membership"), OWN, wrong_method=("put", "resident")),
    "panels:public_name": Entry(
        own_url("panels:public_name", "own_membership"),
        POST_ONLY,
        wrong_method=("put", "resident"),
        post={**OWN, "resident": Redirect("panels:my_panels")},
    ),
    # Staff
    "panels:staff_panel_list": Entry(named("panels:staff_panel_list"), STAFF_PAGE, wrong_method=("post", "staff")),
    "panels:panel_create": Entry(named("panels:panel_create"), STAFF_PAGE, wrong_method=("put", "staff")),
    "panels:terms_ending": Entry(named("panels:terms_ending"), STAFF_PAGE, wrong_method=("post", "staff")),
    "panels:staff_panel": Entry(panel_url("panels:staff_panel"), STAFF_PAGE, wrong_method=("post", "staff")),
    "panels:panel_edit": Entry(panel_url("panels:panel_edit"), STAFF_PAGE, wrong_method=("put", "staff")),
    "panels:panel_makeup": Entry(panel_url("panels:panel_makeup"), STAFF_PAGE, wrong_method=("post", "staff")),
    "panels:membership_detail": Entry(
        staff_url("panels:membership_detail", "own_application"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "panels:membership_accept": Entry(
        staff_url("panels:membership_accept", "own_application"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_FORM_ERRORS,
    ),
    "panels:membership_decline": Entry(
        staff_url("panels:membership_decline", "own_application"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_FORM_ERRORS,
    ),
    "panels:membership_change": Entry(
        staff_url("panels:membership_change", "own_membership"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_FORM_ERRORS,
    ),
    "panels:membership_end": Entry(  # the reason is optional: an empty form ends the term
        staff_url("panels:membership_end", "own_membership"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_DONE,
    ),
}


def missing_membership(name: str) -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"slug": get("open_panel").slug, "pk": MISSING_PK})


MEMBERSHIP_MISSING_OBJECTS = {
    "panels:panel_detail": Entry(named("panels:panel_detail", slug="no-such-panel"), everyone(404)),
    "panels:apply": Entry(
        named("panels:apply", slug="no-such-panel"),
        {**RESIDENT_LINKED_PAGE, "resident": 404, "other_resident": 404, "panel_member": 404},
    ),
    "panels:withdraw": Entry(named("panels:withdraw", pk=MISSING_PK), POST_ONLY, post=OWN_MISSING),
    "panels:step_down": Entry(named("panels:step_down", pk=MISSING_PK), OWN_MISSING),
    "panels:public_name": Entry(named("panels:public_name", pk=MISSING_PK), POST_ONLY, post=OWN_MISSING),
    "panels:staff_panel": Entry(named("panels:staff_panel", slug="no-such-panel"), STAFF_PAGE_MISSING_OBJECT),
    "panels:panel_edit": Entry(named("panels:panel_edit", slug="no-such-panel"), STAFF_PAGE_MISSING_OBJECT),
    "panels:panel_makeup": Entry(named("panels:panel_makeup", slug="no-such-panel"), STAFF_PAGE_MISSING_OBJECT),
    "panels:membership_detail": Entry(missing_membership("panels:membership_detail"), STAFF_PAGE_MISSING_OBJECT),
    **{
        name: Entry(missing_membership(name), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT)
        for name in [
            "panels:membership_accept",
            "panels:membership_decline",
            "panels:membership_change",
            "panels:membership_end",
        ]
    },
}
