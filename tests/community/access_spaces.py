"""The community spaces rows of the access table (tests/test_access.py merges them in).

The list of spaces, a space, its calendar and its calendar feed are public on purpose. A booking is seen by
whoever asked for it and by staff: to another resident it does not exist (404); board members never hold
bookings (403). Fixtures (community_space, own_booking) are in tests/community/spaces_fixtures.py.
"""

from collections.abc import Callable

from django.urls import reverse

from ..access import (
    LOGIN,
    MFA_SETUP,
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


def space_url(name: str) -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"slug": get("community_space").slug})


def booking_url(name: str) -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"pk": get("own_booking").pk})


# The requester's own booking, or staff.
OWN_BOOKING = by_persona(
    anonymous=LOGIN,
    resident=200,
    other_resident=404,
    panel_member=404,
    unlinked_resident=404,
    staff=200,
    staff_without_mfa=MFA_SETUP,
    board=403,
    admin_user=200,
)

SPACES_PAGES = {
    "community:space_list": Entry(named("community:space_list"), everyone(200), wrong_method=("post", "anonymous")),
    "community:space_detail": Entry(
        space_url("community:space_detail"), everyone(200), wrong_method=("post", "anonymous")
    ),
    "community:space_calendar": Entry(
        space_url("community:space_calendar"), everyone(200), wrong_method=("post", "anonymous")
    ),
    "community:space_ical": Entry(space_url("community:space_ical"), everyone(200), wrong_method=("post", "anonymous")),
    "community:booking_new": Entry(
        space_url("community:booking_new"),
        by_persona(
            anonymous=LOGIN,
            resident=200,
            other_resident=200,
            panel_member=200,
            unlinked_resident=Redirect("residents:link"),
            staff=200,
            staff_without_mfa=MFA_SETUP,
            board=403,
            admin_user=200,
        ),
        wrong_method=("put", "resident"),
    ),
    "community:my_bookings": Entry(
        named("community:my_bookings"),
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
    "community:booking_detail": Entry(
        booking_url("community:booking_detail"), OWN_BOOKING, wrong_method=("post", "resident")
    ),
    # An empty POST cancels: the requester and staff are sent back to the booking.
    "community:booking_cancel": Entry(
        booking_url("community:booking_cancel"),
        POST_ONLY,
        wrong_method=("put", "resident"),
        post={**OWN_BOOKING, "resident": 302, "staff": 302, "admin_user": 302},
    ),
    "community:booking_queue": Entry(named("community:booking_queue"), STAFF_PAGE, wrong_method=("post", "staff")),
    "community:space_manage": Entry(named("community:space_manage"), STAFF_PAGE, wrong_method=("post", "staff")),
    "community:space_create": Entry(named("community:space_create"), STAFF_PAGE, wrong_method=("put", "staff")),
    "community:space_edit": Entry(space_url("community:space_edit"), STAFF_PAGE, wrong_method=("put", "staff")),
    # An empty decision is refused (400) with the form's message.
    "community:booking_decide": Entry(
        booking_url("community:booking_decide"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post={**STAFF_PAGE, "staff": 400, "admin_user": 400},
    ),
}

MISSING_BOOKING = {**OWN_BOOKING, "resident": 404, "staff": 404, "admin_user": 404}

SPACES_MISSING_OBJECTS = {
    "community:space_detail": Entry(named("community:space_detail", slug="no-such-space"), everyone(404)),
    "community:space_calendar": Entry(named("community:space_calendar", slug="no-such-space"), everyone(404)),
    "community:space_ical": Entry(named("community:space_ical", slug="no-such-space"), everyone(404)),
    "community:booking_new": Entry(
        named("community:booking_new", slug="no-such-space"),
        {
            **STAFF_PAGE_MISSING_OBJECT,
            "resident": 404,
            "other_resident": 404,
            "panel_member": 404,
            "unlinked_resident": 404,
        },
    ),
    "community:space_edit": Entry(named("community:space_edit", slug="no-such-space"), STAFF_PAGE_MISSING_OBJECT),
    "community:booking_detail": Entry(named("community:booking_detail", pk=MISSING_PK), MISSING_BOOKING),
    "community:booking_cancel": Entry(
        named("community:booking_cancel", pk=MISSING_PK), POST_ONLY, post=MISSING_BOOKING
    ),
    "community:booking_decide": Entry(
        named("community:booking_decide", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
}
