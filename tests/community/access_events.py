"""The events rows of the access table (tests/test_access.py merges them in).

The list of events and a published event are public. Signing up and giving up a place are for residents (a
resident with no sign-up has nothing to give up: 404). Drafts exist only for staff. Fixtures are in
tests/community/events_fixtures.py.
"""

from collections.abc import Callable

from django.urls import reverse

from ..access import (
    LOGIN,
    MISSING_PK,
    POST_ONLY,
    STAFF_PAGE,
    STAFF_PAGE_MISSING_OBJECT,
    Entry,
    Redirect,
    by_persona,
    everyone,
    named,
)


def event_url(name: str, fixture: str = "published_event") -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"pk": get(fixture).pk})


def own_sign_up_url(get) -> str:
    return reverse("community:event_leave", kwargs={"pk": get("own_sign_up").event_id})


RESIDENTS_ONLY_POST = by_persona(
    anonymous=LOGIN,
    resident=302,
    other_resident=302,
    panel_member=302,
    unlinked_resident=Redirect("residents:link"),
    staff=403,
    staff_without_mfa=403,
    board=403,
    admin_user=403,
)

EVENTS_PAGES = {
    "community:event_list": Entry(named("community:event_list"), everyone(200), wrong_method=("post", "anonymous")),
    "community:event_detail": Entry(
        event_url("community:event_detail"), everyone(200), wrong_method=("post", "anonymous")
    ),
    "community:event_ics": Entry(event_url("community:event_ics"), everyone(200), wrong_method=("post", "anonymous")),
    "community:event_sign_up": Entry(
        event_url("community:event_sign_up"), POST_ONLY, wrong_method=("put", "resident"), post=RESIDENTS_ONLY_POST
    ),
    # Only the resident who signed up has a place to give up.
    "community:event_leave": Entry(
        own_sign_up_url,
        POST_ONLY,
        wrong_method=("put", "resident"),
        post={**RESIDENTS_ONLY_POST, "other_resident": 404, "panel_member": 404, "unlinked_resident": 404},
    ),
    "community:my_events": Entry(
        named("community:my_events"),
        by_persona(
            anonymous=LOGIN,
            resident=200,
            other_resident=200,
            panel_member=200,
            unlinked_resident=200,  # nothing to show yet
            staff=403,
            staff_without_mfa=403,
            board=403,
            admin_user=403,
        ),
        wrong_method=("post", "resident"),
    ),
    "community:event_manage": Entry(named("community:event_manage"), STAFF_PAGE, wrong_method=("post", "staff")),
    "community:event_create": Entry(named("community:event_create"), STAFF_PAGE, wrong_method=("put", "staff")),
    "community:event_edit": Entry(event_url("community:event_edit"), STAFF_PAGE, wrong_method=("put", "staff")),
    "community:event_attendance": Entry(
        event_url("community:event_attendance"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    # An empty POST has no reason: refused (400) with the form's message.
    "community:event_cancel": Entry(
        event_url("community:event_cancel"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post={**STAFF_PAGE, "staff": 400, "admin_user": 400},
    ),
}

EVENTS_MISSING_OBJECTS = {
    # A draft does not exist for anyone but staff.
    "community:event_detail": Entry(
        event_url("community:event_detail", "draft_event"),
        {**everyone(404), "staff": 200, "staff_without_mfa": 200, "admin_user": 200},
    ),
    "community:event_ics": Entry(
        event_url("community:event_ics", "draft_event"),
        {**everyone(404), "staff": 200, "staff_without_mfa": 200, "admin_user": 200},
    ),
    "community:event_sign_up": Entry(
        event_url("community:event_sign_up", "draft_event"),
        POST_ONLY,
        post={
            **RESIDENTS_ONLY_POST,
            "resident": 404,
            "other_resident": 404,
            "panel_member": 404,
            "unlinked_resident": 404,
        },
    ),
    "community:event_leave": Entry(
        named("community:event_leave", pk=MISSING_PK),
        POST_ONLY,
        post={
            **RESIDENTS_ONLY_POST,
            "resident": 404,
            "other_resident": 404,
            "panel_member": 404,
            "unlinked_resident": 404,
        },
    ),
    "community:event_edit": Entry(named("community:event_edit", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT),
    "community:event_attendance": Entry(named("community:event_attendance", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT),
    "community:event_cancel": Entry(
        named("community:event_cancel", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
}
