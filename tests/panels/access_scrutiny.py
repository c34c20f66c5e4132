"""The scrutiny and Board report rows of the access table (tests/test_access.py merges them in).

A panel's reviews, topics, evidence and recommendations are for that panel's current members and staff: another
resident (or a member of another panel) gets 404, the Board 403. Fixtures are in tests/panels/scrutiny_fixtures.py.
"""

from collections.abc import Callable

from django.urls import reverse

from ..access import LOGIN, MFA_SETUP, MISSING_PK, POST_ONLY, STAFF_PAGE, STAFF_PAGE_MISSING_OBJECT, Entry, by_persona

SCRUTINY_SLUG = "scrutiny"  # ScrutinyPanelFactory: the panel the `panel_member` persona sits on


def pk_url(name: str, fixture: str) -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"pk": get(fixture).pk})


def panel_url(name: str) -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"slug": get("scrutiny_panel").slug})


MEMBER_PAGE = by_persona(
    anonymous=LOGIN,
    resident=404,
    other_resident=404,
    panel_member=200,
    unlinked_resident=404,
    staff=200,
    staff_without_mfa=MFA_SETUP,
    board=403,
    admin_user=200,
)
# The same page of a panel the member does not sit on.
OTHER_PANEL_PAGE = {**MEMBER_PAGE, "panel_member": 404}
MEMBER_PAGE_MISSING_OBJECT = {**MEMBER_PAGE, "panel_member": 404, "staff": 404, "admin_user": 404}
STAFF_POST_REDIRECT = {**STAFF_PAGE, "staff": 302, "admin_user": 302}
BOARD_READER = by_persona(
    anonymous=LOGIN,
    resident=404,
    other_resident=404,
    panel_member=200,
    unlinked_resident=404,
    staff=200,
    staff_without_mfa=MFA_SETUP,
    board=200,
    admin_user=200,
)
STAFF_AND_BOARD = {**STAFF_PAGE, "board": 200}
BOARD_POST = by_persona(
    anonymous=LOGIN,
    resident=403,
    other_resident=403,
    panel_member=403,
    unlinked_resident=403,
    staff=403,
    staff_without_mfa=403,
    board=200,  # an empty response: the form comes back with its errors
    admin_user=200,
)

SCRUTINY_PAGES: dict = {
    "panels:scrutiny_home": Entry(panel_url("panels:scrutiny_home"), MEMBER_PAGE, wrong_method=("post", "staff")),
    "panels:topic_create": Entry(panel_url("panels:topic_create"), MEMBER_PAGE, wrong_method=("put", "staff")),
    "panels:ballot_open": Entry(panel_url("panels:ballot_open"), STAFF_PAGE, wrong_method=("put", "staff")),
    "panels:ballot_close": Entry(
        panel_url("panels:ballot_close"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST_REDIRECT
    ),
    "panels:topic_vote": Entry(  # an empty vote takes back a vote never given: back to the panel's page
        pk_url("panels:topic_vote", "scrutiny_topic"),
        POST_ONLY,
        wrong_method=("put", "panel_member"),
        post={**MEMBER_PAGE, "panel_member": 302, "staff": 403, "admin_user": 403},
    ),
    "panels:review_start": Entry(
        pk_url("panels:review_start", "scrutiny_topic"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST_REDIRECT,
    ),
    "panels:review_detail": Entry(
        pk_url("panels:review_detail", "scrutiny_review"), MEMBER_PAGE, wrong_method=("post", "staff")
    ),
    "panels:review_edit": Entry(
        pk_url("panels:review_edit", "scrutiny_review"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "panels:review_stage": Entry(
        pk_url("panels:review_stage", "scrutiny_review"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST_REDIRECT,
    ),
    "panels:evidence_create": Entry(
        pk_url("panels:evidence_create", "scrutiny_review"), MEMBER_PAGE, wrong_method=("put", "staff")
    ),
    "panels:evidence_document": Entry(
        pk_url("panels:evidence_document", "scrutiny_evidence"), MEMBER_PAGE, wrong_method=("post", "staff")
    ),
    "panels:finding_create": Entry(  # empty: the review page comes back with the error
        pk_url("panels:finding_create", "scrutiny_review"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_PAGE
    ),
    "panels:recommendation_create": Entry(
        pk_url("panels:recommendation_create", "scrutiny_review"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_PAGE,
    ),
    "panels:recommendation_list": Entry(
        lambda get: reverse("panels:recommendation_list"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "panels:recommendation_detail": Entry(
        pk_url("panels:recommendation_detail", "scrutiny_recommendation"), MEMBER_PAGE, wrong_method=("post", "staff")
    ),
    "panels:recommendation_respond": Entry(  # before the report goes to management: back with a message
        pk_url("panels:recommendation_respond", "scrutiny_recommendation"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST_REDIRECT,
    ),
    "panels:recommendation_progress": Entry(
        pk_url("panels:recommendation_progress", "scrutiny_recommendation"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_PAGE,
    ),
    "panels:recommendation_update_draft": Entry(  # not done yet: back with a message
        pk_url("panels:recommendation_update_draft", "scrutiny_recommendation"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST_REDIRECT,
    ),
    # The panel_member persona is a member, not the chair: only staff or the chair send reports.
    "panels:board_report_create": Entry(
        panel_url("panels:board_report_create"), {**MEMBER_PAGE, "panel_member": 403}, wrong_method=("put", "staff")
    ),
    "panels:board_report_list": Entry(
        lambda get: reverse("panels:board_report_list"), STAFF_AND_BOARD, wrong_method=("post", "board")
    ),
    "panels:board_report_detail": Entry(
        pk_url("panels:board_report_detail", "board_report"), BOARD_READER, wrong_method=("post", "board")
    ),
    "panels:board_report_respond": Entry(
        pk_url("panels:board_report_respond", "board_report"), POST_ONLY, wrong_method=("put", "board"), post=BOARD_POST
    ),
}

SCRUTINY_MISSING_OBJECTS: dict = {
    # Another panel's review: a member of the Scrutiny Panel is an outsider there.
    "panels:review_detail": Entry(pk_url("panels:review_detail", "other_panel_review"), OTHER_PANEL_PAGE),
    "panels:evidence_create": Entry(pk_url("panels:evidence_create", "other_panel_review"), OTHER_PANEL_PAGE),
    "panels:scrutiny_home": Entry(
        lambda get: reverse("panels:scrutiny_home", kwargs={"slug": get("other_panel_review").panel.slug}),
        OTHER_PANEL_PAGE,
    ),
    "panels:recommendation_detail": Entry(
        lambda get: reverse("panels:recommendation_detail", kwargs={"pk": MISSING_PK}), MEMBER_PAGE_MISSING_OBJECT
    ),
    "panels:evidence_document": Entry(
        lambda get: reverse("panels:evidence_document", kwargs={"pk": MISSING_PK}), MEMBER_PAGE_MISSING_OBJECT
    ),
    "panels:review_edit": Entry(
        lambda get: reverse("panels:review_edit", kwargs={"pk": MISSING_PK}), STAFF_PAGE_MISSING_OBJECT
    ),
    "panels:board_report_detail": Entry(
        lambda get: reverse("panels:board_report_detail", kwargs={"pk": MISSING_PK}),
        {**BOARD_READER, "panel_member": 404, "staff": 404, "board": 404, "admin_user": 404},
    ),
    "panels:board_report_respond": Entry(
        lambda get: reverse("panels:board_report_respond", kwargs={"pk": MISSING_PK}),
        POST_ONLY,
        post={**BOARD_POST, "board": 404, "admin_user": 404},
    ),
}
