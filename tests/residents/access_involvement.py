"""Access table rows for involvement (merged into PRODUCT and MISSING_OBJECTS by tests/test_access.py).

Fixtures: tests/residents/involvement_fixtures.py. The Get involved page and a published opportunity are public;
a draft does not exist publicly. Expressing interest, the record and logging hours are a linked resident's own;
everything else is for staff with two-factor authentication."""

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


def _url(name: str, fixture: str):
    return lambda get: reverse(name, kwargs={"pk": get(fixture).pk})


STAFF_POST = {**STAFF_PAGE, "staff": 302, "admin_user": 302}

INVOLVEMENT_PAGES = {
    "residents:involvement_list": Entry(
        named("residents:involvement_list"), everyone(200), wrong_method=("post", "anonymous")
    ),
    "residents:involvement_detail": Entry(
        _url("residents:involvement_detail", "open_opportunity"), everyone(200), wrong_method=("post", "anonymous")
    ),
    "residents:involvement_interest": Entry(
        _url("residents:involvement_interest", "open_opportunity"),
        RESIDENT_LINKED_PAGE,
        wrong_method=("put", "resident"),
    ),
    "residents:my_involvement": Entry(
        named("residents:my_involvement"), RESIDENT_LINKED_PAGE, wrong_method=("post", "resident")
    ),
    "residents:involvement_log_hours": Entry(
        named("residents:involvement_log_hours"), RESIDENT_LINKED_PAGE, wrong_method=("put", "resident")
    ),
    "residents:involvement_staff_list": Entry(
        named("residents:involvement_staff_list"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "residents:involvement_create": Entry(
        named("residents:involvement_create"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "residents:involvement_edit": Entry(
        _url("residents:involvement_edit", "draft_opportunity"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "residents:involvement_close": Entry(  # a draft cannot be closed: back to its page with a message
        _url("residents:involvement_close", "draft_opportunity"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST,
    ),
    "residents:involvement_volunteers": Entry(
        _url("residents:involvement_volunteers", "open_opportunity"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "residents:involvement_decide": Entry(  # an empty POST shows the page again with the form's error
        _url("residents:involvement_decide", "own_interest"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "residents:involvement_induction": Entry(  # no step named: back to the page with a message
        _url("residents:involvement_induction", "own_interest"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST,
    ),
    "residents:involvement_hours": Entry(
        named("residents:involvement_hours"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "residents:involvement_hours_confirm": Entry(
        _url("residents:involvement_hours_confirm", "own_hours"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST,
    ),
}

# A draft, or a closed opportunity, takes no interest: 404 for residents (the unlinked are sent to link first).
NO_FORM = by_persona(
    anonymous=LOGIN,
    resident=404,
    other_resident=404,
    panel_member=404,
    unlinked_resident=Redirect("residents:link"),
    staff=403,
    staff_without_mfa=403,
    board=403,
    admin_user=403,
)

INVOLVEMENT_MISSING_OBJECTS = {
    "residents:involvement_detail": Entry(_url("residents:involvement_detail", "draft_opportunity"), everyone(404)),
    "residents:involvement_interest": Entry(_url("residents:involvement_interest", "closed_opportunity"), NO_FORM),
    **{
        name: Entry(named(name, pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT)
        for name in [
            "residents:involvement_edit",
            "residents:involvement_volunteers",
            "residents:involvement_decide",
        ]
    },
    **{
        name: Entry(named(name, pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT)
        for name in [
            "residents:involvement_close",
            "residents:involvement_induction",
            "residents:involvement_hours_confirm",
        ]
    },
}
