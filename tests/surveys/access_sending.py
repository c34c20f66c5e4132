"""Access table rows for who a survey asks and how it goes out (merged into SURVEY_PAGES by access_table.py)."""

from django.urls import reverse

from ..access import (
    MISSING_PK,
    POST_ONLY,
    STAFF_PAGE,
    STAFF_PAGE_MISSING_OBJECT,
    Entry,
    everyone,
    named,
)


def _survey(name: str, fixture: str):
    return lambda get: reverse(name, kwargs={"pk": get(fixture).pk})


def _opt_out(get) -> str:
    return reverse("surveys:opt_out", kwargs={"token": get("own_invitation").token})


STAFF_POST = {**STAFF_PAGE, "staff": 302, "admin_user": 302}

SENDING_PAGES = {
    "surveys:survey_audience": Entry(
        _survey("surveys:survey_audience", "draft_survey"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "surveys:audience_residents": Entry(
        _survey("surveys:audience_residents", "draft_survey"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST
    ),
    "surveys:survey_publish": Entry(
        _survey("surveys:survey_publish", "draft_survey"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "surveys:survey_progress": Entry(
        _survey("surveys:survey_progress", "open_survey"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    "surveys:offline_list": Entry(
        _survey("surveys:offline_list", "open_survey"), STAFF_PAGE, wrong_method=("post", "staff")
    ),
    # Public on purpose: the link in every survey email, for residents who may have no account.
    "surveys:opt_out": Entry(_opt_out, everyone(200), wrong_method=("put", "anonymous")),
}

SENDING_MISSING_OBJECTS = {
    **{
        name: Entry(named(name, pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT)
        for name in [
            "surveys:survey_audience",
            "surveys:survey_publish",
            "surveys:survey_progress",
            "surveys:offline_list",
        ]
    },
    "surveys:audience_residents": Entry(
        named("surveys:audience_residents", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
    "surveys:opt_out": Entry(named("surveys:opt_out", token="not-a-real-token"), everyone(404)),
}
