"""The Community Fund's rows of the access table (tests/test_access.py merges them in).

Fixtures live in tests/community/fund_fixtures.py. Rounds are public; an application is its applicant's (the
`resident` persona) and staff's: any other resident gets 404.
"""

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
    by_persona,
    everyone,
    named,
)


def url(name: str, fixture: str):
    return lambda get: reverse(name, kwargs={"pk": get(fixture).pk})


APPLICANT_OR_STAFF = by_persona(
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
APPLICANT_ONLY = {**APPLICANT_OR_STAFF, "staff": 403, "staff_without_mfa": 403, "admin_user": 403}
RESIDENT_MISSING = {**RESIDENT_LINKED_PAGE, "resident": 404, "other_resident": 404, "panel_member": 404}
RESIDENT_MISSING["unlinked_resident"] = 404
STAFF_POST_DONE = {**STAFF_PAGE, "staff": 302, "admin_user": 302}

FUND_PAGES: dict = {
    "community:fund_rounds": Entry(named("community:fund_rounds"), everyone(200), wrong_method=("post", "anonymous")),
    "community:fund_round": Entry(
        url("community:fund_round", "open_fund_round"), everyone(200), wrong_method=("post", "resident")
    ),
    "community:fund_funded": Entry(named("community:fund_funded"), everyone(200), wrong_method=("post", "anonymous")),
    "community:fund_complete": Entry(
        url("community:fund_complete", "submitted_fund_application"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST_DONE,
    ),
    "community:fund_apply": Entry(
        url("community:fund_apply", "open_fund_round"), RESIDENT_LINKED_PAGE, wrong_method=("put", "resident")
    ),
    "community:fund_application": Entry(
        url("community:fund_application", "own_fund_draft"), APPLICANT_OR_STAFF, wrong_method=("post", "resident")
    ),
    "community:fund_application_edit": Entry(
        url("community:fund_application_edit", "own_fund_draft"), APPLICANT_ONLY, wrong_method=("put", "resident")
    ),
    "community:fund_report": Entry(
        url("community:fund_report", "funded_fund_application"), APPLICANT_ONLY, wrong_method=("put", "resident")
    ),
    "community:fund_staff_list": Entry(named("community:fund_staff_list"), STAFF_PAGE, wrong_method=("post", "staff")),
    "community:fund_round_create": Entry(
        named("community:fund_round_create"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "community:fund_manage": Entry(
        url("community:fund_manage", "open_fund_round"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "community:fund_round_edit": Entry(
        url("community:fund_round_edit", "open_fund_round"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "community:fund_csv": Entry(
        url("community:fund_csv", "open_fund_round"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "community:fund_equality_csv": Entry(
        url("community:fund_equality_csv", "decided_fund_round"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "community:fund_scoring": Entry(
        url("community:fund_scoring", "open_fund_round"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST_DONE
    ),
    "community:fund_decide": Entry(
        url("community:fund_decide", "submitted_fund_application"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
}

FUND_MISSING_OBJECTS: dict = {
    "community:fund_round": Entry(named("community:fund_round", pk=MISSING_PK), everyone(404)),
    "community:fund_apply": Entry(named("community:fund_apply", pk=MISSING_PK), RESIDENT_MISSING),
    "community:fund_application": Entry(
        named("community:fund_application", pk=MISSING_PK),
        {**APPLICANT_OR_STAFF, "resident": 404, "staff": 404, "admin_user": 404},
    ),
    "community:fund_application_edit": Entry(
        named("community:fund_application_edit", pk=MISSING_PK), {**APPLICANT_ONLY, "resident": 404}
    ),
    **{
        name: Entry(named(name, pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT)
        for name in [
            "community:fund_manage",
            "community:fund_round_edit",
            "community:fund_csv",
            "community:fund_decide",
        ]
    },
    # Missing while the round is open: its equality figures are withheld until it has closed and been decided.
    "community:fund_equality_csv": Entry(
        url("community:fund_equality_csv", "open_fund_round"), STAFF_PAGE_MISSING_OBJECT
    ),
    "community:fund_report": Entry(named("community:fund_report", pk=MISSING_PK), {**APPLICANT_ONLY, "resident": 404}),
    "community:fund_complete": Entry(
        named("community:fund_complete", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
    "community:fund_scoring": Entry(
        named("community:fund_scoring", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
}
