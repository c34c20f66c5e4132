"""Access table rows for involvement (merged into PRODUCT and MISSING_OBJECTS by tests/test_access.py).

Fixtures: tests/residents/involvement_fixtures.py. The Get involved page and a published opportunity are public;
a draft does not exist publicly. Expressing interest, the record and logging hours are a linked resident's own;
everything else is for staff with two-factor authentication."""

from django.urls import reverse

from ..access import (
    LOGIN,
    MFA_SETUP,
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


def _resident_url(name: str):
    """A URL about the `resident` persona's register entry."""
    return lambda get: reverse(name, kwargs={"pk": get("resident").resident.pk})


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
    "residents:involvement_register": Entry(
        named("residents:involvement_register"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "residents:involvement_register_csv": Entry(
        named("residents:involvement_register_csv"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    # Training: residents book places; staff add courses and sessions and record completions.
    "residents:involvement_training": Entry(
        named("residents:involvement_training"), RESIDENT_LINKED_PAGE, wrong_method=("post", "resident")
    ),
    "residents:involvement_training_book": Entry(  # a place is booked, and they go to their record
        _url("residents:involvement_training_book", "training_session"),
        POST_ONLY,
        wrong_method=("put", "resident"),
        post=by_persona(
            anonymous=LOGIN,
            resident=302,
            other_resident=302,
            panel_member=302,
            unlinked_resident=Redirect("residents:link"),
            staff=403,
            staff_without_mfa=403,
            board=403,
            admin_user=403,
        ),
    ),
    "residents:involvement_training_staff": Entry(
        named("residents:involvement_training_staff"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "residents:involvement_course_create": Entry(
        named("residents:involvement_course_create"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "residents:involvement_session_create": Entry(
        named("residents:involvement_session_create"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "residents:involvement_session": Entry(
        _url("residents:involvement_session", "training_session"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "residents:involvement_session_complete": Entry(  # an empty form: the page again with its error
        _url("residents:involvement_session_complete", "training_session"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_PAGE,
    ),
    # Expenses: a resident's own claims and receipts; staff decide them and download the CSV for finance.
    "residents:involvement_claim_new": Entry(
        named("residents:involvement_claim_new"), RESIDENT_LINKED_PAGE, wrong_method=("put", "resident")
    ),
    "residents:involvement_claim_receipt": Entry(
        _url("residents:involvement_claim_receipt", "own_claim"),
        by_persona(
            anonymous=LOGIN,
            resident=200,
            other_resident=404,
            panel_member=404,
            unlinked_resident=404,
            staff=200,
            staff_without_mfa=MFA_SETUP,
            board=403,
            admin_user=200,
        ),
        wrong_method=("post", "resident"),
    ),
    "residents:involvement_claims": Entry(
        named("residents:involvement_claims"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "residents:involvement_claims_csv": Entry(
        named("residents:involvement_claims_csv"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "residents:involvement_claim": Entry(
        _url("residents:involvement_claim", "own_claim"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    # A resident's record as staff see it, from the register, and hours and claims logged on their behalf.
    "residents:resident_involvement": Entry(
        _resident_url("residents:resident_involvement"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "residents:resident_involvement_hours": Entry(  # an empty POST shows the form again with its errors
        _resident_url("residents:resident_involvement_hours"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "residents:resident_involvement_claim": Entry(
        _resident_url("residents:resident_involvement_claim"), STAFF_PAGE, wrong_method=("put", "staff")
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
            "residents:involvement_session",
            "residents:involvement_claim",
            "residents:resident_involvement",
            "residents:resident_involvement_hours",
            "residents:resident_involvement_claim",
        ]
    },
    **{
        name: Entry(named(name, pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT)
        for name in [
            "residents:involvement_close",
            "residents:involvement_induction",
            "residents:involvement_hours_confirm",
            "residents:involvement_session_complete",
        ]
    },
    "residents:involvement_training_book": Entry(
        named("residents:involvement_training_book", pk=MISSING_PK), POST_ONLY, post=NO_FORM
    ),
    "residents:involvement_claim_receipt": Entry(
        named("residents:involvement_claim_receipt", pk=MISSING_PK),
        by_persona(
            anonymous=LOGIN,
            resident=404,
            other_resident=404,
            panel_member=404,
            unlinked_resident=404,
            staff=404,
            staff_without_mfa=MFA_SETUP,
            board=403,
            admin_user=404,
        ),
    ),
}
