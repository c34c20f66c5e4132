"""The walkabouts' rows of the access table (tests/test_access.py merges them in).

Fixtures the URL builders ask for live in tests/community/walkabout_fixtures.py. The walks are in the `resident`
persona's neighbourhood (Millfield): residents of other neighbourhoods (other_resident, panel_member) get 404.
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
    named,
)

LINK_FIRST = Redirect("residents:link")


def walk_url(name: str, fixture: str = "upcoming_walkabout") -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"pk": get(fixture).pk})


def remove_person_url(get) -> str:
    record = get("upcoming_sign_up")
    return reverse("community:walkabout_remove_person", kwargs={"pk": record.walkabout_id, "sign_up_pk": record.pk})


def champion_issue_url(get) -> str:
    issue = get("champion_issue")
    return reverse("community:walkabout_champion_issue", kwargs={"pk": issue.walkabout_id, "issue_pk": issue.pk})


def issue_url(get) -> str:
    issue = get("walkabout_issue")
    return reverse("community:walkabout_issue_logged", kwargs={"pk": issue.walkabout_id, "issue_pk": issue.pk})


# A walk in the resident's neighbourhood: residents there and the Board see it; staff use their own pages.
WALK_PAGE = by_persona(
    anonymous=LOGIN,
    resident=200,
    other_resident=404,
    panel_member=404,
    unlinked_resident=LINK_FIRST,
    staff=403,
    staff_without_mfa=403,
    board=200,
    admin_user=200,
)
WALK_POST = {**WALK_PAGE, "resident": 302, "board": 302, "admin_user": 302}
# Residents' and the Board's list of walks.
WALK_LIST = {**WALK_PAGE, "other_resident": 200, "panel_member": 200}
# The calendar file: whoever may see the walk, staff included.
CALENDAR = {**WALK_PAGE, "staff": 200, "staff_without_mfa": MFA_SETUP}
# Staff forms posted empty: the page again with its errors.
STAFF_POST_INVALID = {**STAFF_PAGE, "staff": 400, "admin_user": 400}
STAFF_POST_DONE = {**STAFF_PAGE, "staff": 302, "admin_user": 302}

# A Block Champion's page on the walk: the `resident` persona is the champion in champion_walkabout.
CHAMPION_PAGE = {**WALK_PAGE, "board": 403, "admin_user": 403}

WALKABOUT_PAGES: dict = {
    "community:walkabout_staff_list": Entry(
        named("community:walkabout_staff_list"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "community:walkabout_create": Entry(named("community:walkabout_create"), STAFF_PAGE, wrong_method=("put", "staff")),
    "community:walkabout_manage": Entry(
        walk_url("community:walkabout_manage"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "community:walkabout_edit": Entry(walk_url("community:walkabout_edit"), STAFF_PAGE, wrong_method=("put", "staff")),
    "community:walkabout_add_person": Entry(
        walk_url("community:walkabout_add_person"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST_INVALID
    ),
    "community:walkabout_remove_person": Entry(
        remove_person_url,
        POST_ONLY,
        wrong_method=("put", "staff"),
        post={**STAFF_PAGE, "staff": 302, "admin_user": 302},
    ),
    "community:walkabout_publish_report": Entry(
        walk_url("community:walkabout_publish_report", "past_walkabout"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST_INVALID,
    ),
    "community:walkabout_issue_new": Entry(
        walk_url("community:walkabout_issue_new", "past_walkabout"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "community:walkabout_attendance": Entry(
        walk_url("community:walkabout_attendance", "past_walkabout"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "community:walkabout_add_on_the_day": Entry(
        walk_url("community:walkabout_add_on_the_day", "past_walkabout"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST_INVALID,
    ),
    "community:walkabout_issue_logged": Entry(issue_url, STAFF_PAGE, wrong_method=("post", "staff")),
    "community:walkabout_list": Entry(named("community:walkabout_list"), WALK_LIST, wrong_method=("post", "resident")),
    "community:walkabout_detail": Entry(
        walk_url("community:walkabout_detail"), WALK_PAGE, wrong_method=("post", "resident")
    ),
    "community:walkabout_sign_up": Entry(
        walk_url("community:walkabout_sign_up"), POST_ONLY, wrong_method=("put", "resident"), post=WALK_POST
    ),
    "community:walkabout_cancel": Entry(
        walk_url("community:walkabout_cancel"), POST_ONLY, wrong_method=("put", "resident"), post=WALK_POST
    ),
    "community:walkabout_calendar": Entry(
        walk_url("community:walkabout_calendar"), CALENDAR, wrong_method=("post", "resident")
    ),
    "community:walkabout_champion_issue_new": Entry(
        walk_url("community:walkabout_champion_issue_new", "champion_walkabout"),
        CHAMPION_PAGE,
        wrong_method=("put", "resident"),
    ),
    "community:walkabout_champion_issue": Entry(champion_issue_url, CHAMPION_PAGE, wrong_method=("post", "resident")),
    # Published: the neighbourhood's residents, those who came, the Board and staff read it.
    "community:walkabout_report": Entry(
        walk_url("community:walkabout_report", "reported_walkabout"),
        {**CALENDAR, "staff_without_mfa": MFA_SETUP},
        wrong_method=("post", "resident"),
    ),
}

WALKABOUT_MISSING_OBJECTS: dict = {
    **{
        name: Entry(named(name, pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT)
        for name in [
            "community:walkabout_manage",
            "community:walkabout_edit",
            "community:walkabout_issue_new",
            "community:walkabout_attendance",
        ]
    },
    **{
        name: Entry(named(name, pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT)
        for name in [
            "community:walkabout_add_person",
            "community:walkabout_publish_report",
            "community:walkabout_add_on_the_day",
        ]
    },
    "community:walkabout_issue_logged": Entry(
        named("community:walkabout_issue_logged", pk=MISSING_PK, issue_pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT
    ),
    "community:walkabout_remove_person": Entry(
        named("community:walkabout_remove_person", pk=MISSING_PK, sign_up_pk=MISSING_PK),
        POST_ONLY,
        post=STAFF_PAGE_MISSING_OBJECT,
    ),
    **{
        name: Entry(named(name, pk=MISSING_PK), {**WALK_PAGE, "resident": 404, "board": 404, "admin_user": 404})
        for name in ["community:walkabout_detail"]
    },
    **{
        name: Entry(
            named(name, pk=MISSING_PK),
            POST_ONLY,
            post={**WALK_PAGE, "resident": 404, "board": 404, "admin_user": 404},
        )
        for name in ["community:walkabout_sign_up", "community:walkabout_cancel"]
    },
    "community:walkabout_champion_issue_new": Entry(
        named("community:walkabout_champion_issue_new", pk=MISSING_PK), {**CHAMPION_PAGE, "resident": 404}
    ),
    "community:walkabout_champion_issue": Entry(
        named("community:walkabout_champion_issue", pk=MISSING_PK, issue_pk=MISSING_PK),
        {**CHAMPION_PAGE, "resident": 404, "other_resident": 404, "panel_member": 404},
    ),
    "community:walkabout_calendar": Entry(
        named("community:walkabout_calendar", pk=MISSING_PK),
        {**CALENDAR, "resident": 404, "board": 404, "admin_user": 404, "staff": 404},
    ),
    "community:walkabout_report": Entry(
        named("community:walkabout_report", pk=MISSING_PK),
        {**CALENDAR, "resident": 404, "board": 404, "admin_user": 404, "staff": 404},
    ),
}
