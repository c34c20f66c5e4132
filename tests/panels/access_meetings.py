"""The meetings feature's rows of the access table (tests/test_access.py merges them in).

A meeting, its papers and its calendar file are for the current members of its panel (panel_member sits on the
Resident Scrutiny Panel, whose meeting the fixtures make), invited board members and staff: any other resident,
and a board member who was not invited, gets a 404.
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

MEETING_PAGE = by_persona(
    anonymous=LOGIN,
    resident=404,
    other_resident=404,
    panel_member=200,
    unlinked_resident=404,
    staff=200,
    staff_without_mfa=MFA_SETUP,
    board=404,
    admin_user=200,
)
MEETING_MISSING = {**MEETING_PAGE, "panel_member": 404, "staff": 404, "admin_user": 404}
# My meetings and my calendar address: residents (linked to their home) and board members.
MEMBERS_OWN_PAGE = by_persona(
    anonymous=LOGIN,
    resident=200,
    other_resident=200,
    panel_member=200,
    unlinked_resident=Redirect("residents:link"),
    staff=403,
    staff_without_mfa=403,
    board=200,
    admin_user=200,
)
STAFF_POST = {**STAFF_PAGE, "staff": 302, "admin_user": 302}
# An empty RSVP is refused with the message next to the field (400); staff do not RSVP.
RSVP_POST = {**MEETING_PAGE, "panel_member": 400, "staff": 403, "admin_user": 403}


def meeting_url(name: str, fixture: str = "scrutiny_meeting") -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"pk": get(fixture).pk})


def child_url(name: str, fixture: str, kwarg: str) -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"pk": get(fixture).meeting_id, kwarg: get(fixture).pk})


def staff_post(url) -> Entry:
    return Entry(url, POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST)


MEETING_PAGES: dict = {
    "panels:my_meetings": Entry(named("panels:my_meetings"), MEMBERS_OWN_PAGE, wrong_method=("post", "panel_member")),
    "panels:meeting_calendar": Entry(
        named("panels:meeting_calendar"), MEMBERS_OWN_PAGE, wrong_method=("post", "panel_member")
    ),
    "panels:meeting_calendar_reset": Entry(
        named("panels:meeting_calendar_reset"),
        POST_ONLY,
        wrong_method=("put", "panel_member"),
        post={
            **MEMBERS_OWN_PAGE,
            **dict.fromkeys(["resident", "other_resident", "panel_member", "board", "admin_user"], 302),
            "unlinked_resident": 302,
        },
    ),
    "panels:meeting_feed": Entry(
        lambda get: reverse("panels:meeting_feed", kwargs={"token": get("member_calendar_feed").token}),
        everyone(200),
        wrong_method=("post", "anonymous"),
    ),
    "panels:meeting_detail": Entry(meeting_url("panels:meeting_detail"), MEETING_PAGE, wrong_method=("post", "staff")),
    "panels:meeting_rsvp": Entry(
        meeting_url("panels:meeting_rsvp"), POST_ONLY, wrong_method=("put", "panel_member"), post=RSVP_POST
    ),
    "panels:meeting_ics": Entry(meeting_url("panels:meeting_ics"), MEETING_PAGE, wrong_method=("post", "staff")),
    "panels:meeting_paper": Entry(
        child_url("panels:meeting_paper", "meeting_paper", "paper_pk"), MEETING_PAGE, wrong_method=("post", "staff")
    ),
    "panels:staff_meeting_list": Entry(named("panels:staff_meeting_list"), STAFF_PAGE, wrong_method=("post", "staff")),
    "panels:staff_meeting_create": Entry(
        named("panels:staff_meeting_create"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "panels:staff_meeting": Entry(meeting_url("panels:staff_meeting"), STAFF_PAGE, wrong_method=("post", "staff")),
    "panels:staff_meeting_edit": Entry(
        meeting_url("panels:staff_meeting_edit"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "panels:staff_meeting_cancel": staff_post(meeting_url("panels:staff_meeting_cancel")),
    "panels:staff_agenda_item_create": Entry(
        meeting_url("panels:staff_agenda_item_create"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "panels:staff_agenda_item_edit": Entry(
        child_url("panels:staff_agenda_item_edit", "meeting_agenda_item", "item_pk"),
        STAFF_PAGE,
        wrong_method=("put", "staff"),
    ),
    "panels:staff_agenda_item_move": staff_post(
        child_url("panels:staff_agenda_item_move", "meeting_agenda_item", "item_pk")
    ),
    "panels:staff_agenda_item_delete": staff_post(
        child_url("panels:staff_agenda_item_delete", "meeting_agenda_item", "item_pk")
    ),
    "panels:staff_paper_create": Entry(
        meeting_url("panels:staff_paper_create"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "panels:staff_paper_delete": staff_post(child_url("panels:staff_paper_delete", "meeting_paper", "paper_pk")),
    "panels:staff_invitation_create": Entry(
        meeting_url("panels:staff_invitation_create"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "panels:staff_invitation_delete": staff_post(
        child_url("panels:staff_invitation_delete", "meeting_invitation", "invitation_pk")
    ),
    "panels:staff_attendance": Entry(
        meeting_url("panels:staff_attendance", "past_meeting"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "panels:staff_minutes": Entry(meeting_url("panels:staff_minutes"), STAFF_PAGE, wrong_method=("put", "staff")),
    "panels:staff_minutes_publish": staff_post(meeting_url("panels:staff_minutes_publish")),
    "panels:staff_action_create": Entry(
        meeting_url("panels:staff_action_create"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "panels:staff_action_edit": Entry(
        child_url("panels:staff_action_edit", "meeting_action", "action_pk"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
}

MEETING_MISSING_OBJECTS: dict = {
    **{
        name: Entry(named(name, pk=MISSING_PK), MEETING_MISSING)
        for name in ["panels:meeting_detail", "panels:meeting_ics"]
    },
    "panels:meeting_paper": Entry(named("panels:meeting_paper", pk=MISSING_PK, paper_pk=MISSING_PK), MEETING_MISSING),
    "panels:meeting_rsvp": Entry(
        named("panels:meeting_rsvp", pk=MISSING_PK),
        POST_ONLY,
        post={**RSVP_POST, "panel_member": 404, "staff": 404, "admin_user": 404},
    ),
    "panels:meeting_feed": Entry(named("panels:meeting_feed", token="not-a-real-token"), everyone(404)),
    **{
        name: Entry(named(name, pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT)
        for name in [
            "panels:staff_meeting",
            "panels:staff_meeting_edit",
            "panels:staff_agenda_item_create",
            "panels:staff_paper_create",
            "panels:staff_invitation_create",
            "panels:staff_attendance",
            "panels:staff_minutes",
            "panels:staff_action_create",
        ]
    },
    **{
        name: Entry(named(name, pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT)
        for name in ["panels:staff_meeting_cancel", "panels:staff_minutes_publish"]
    },
    "panels:staff_agenda_item_edit": Entry(
        named("panels:staff_agenda_item_edit", pk=MISSING_PK, item_pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT
    ),
    "panels:staff_action_edit": Entry(
        named("panels:staff_action_edit", pk=MISSING_PK, action_pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT
    ),
    **{
        name: Entry(named(name, pk=MISSING_PK, **{kwarg: MISSING_PK}), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT)
        for name, kwarg in [
            ("panels:staff_agenda_item_move", "item_pk"),
            ("panels:staff_agenda_item_delete", "item_pk"),
            ("panels:staff_paper_delete", "paper_pk"),
            ("panels:staff_invitation_delete", "invitation_pk"),
        ]
    },
}
