"""Access rows for the results and Tenant Satisfaction Measures pages (merged into tests/surveys/access_table.py).

Survey results are for staff; the TSM results and their CSV are aggregates the Board reads too. The public
performance page and its CSV are open to everyone, signed in or not.
"""

from django.urls import reverse

from surveys.services.tsm import current_reporting_year

from ..access import (
    MISSING_PK,
    POST_ONLY,
    STAFF_PAGE,
    STAFF_PAGE_MISSING_OBJECT,
    Entry,
    everyone,
    named,
)

YEAR = current_reporting_year() - 1
STAFF_OR_BOARD_PAGE = {**STAFF_PAGE, "board": 200}


def survey_url(name: str):
    return lambda get: reverse(name, kwargs={"pk": get("results_survey").pk})


def text_question_url(get) -> str:
    question = get("results_text_question")
    return reverse("surveys:results_text", kwargs={"pk": question.survey_id, "question_pk": question.pk})


def published_csv_url(get) -> str:
    get("published_tsm")
    return reverse("performance_csv")


RESULTS_PAGES = {
    "surveys:results": Entry(survey_url("surveys:results"), STAFF_PAGE, wrong_method=("post", "staff")),
    "surveys:results_csv": Entry(survey_url("surveys:results_csv"), STAFF_PAGE, wrong_method=("post", "staff")),
    "surveys:results_text": Entry(text_question_url, STAFF_PAGE, wrong_method=("post", "staff")),
    "surveys:results_update_create": Entry(
        survey_url("surveys:results_update_create"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post={**STAFF_PAGE, "staff": 302, "admin_user": 302},
    ),
    "surveys:tsm_create": Entry(named("surveys:tsm_create"), STAFF_PAGE, wrong_method=("put", "staff")),
    "surveys:tsm_results": Entry(
        named("surveys:tsm_results", year=YEAR), STAFF_OR_BOARD_PAGE, wrong_method=("post", "board")
    ),
    "surveys:tsm_approach": Entry(named("surveys:tsm_approach", year=YEAR), STAFF_PAGE, wrong_method=("put", "staff")),
    # Publishing with no counted responses is refused with a message, back on the results page.
    "surveys:tsm_publish": Entry(
        named("surveys:tsm_publish", year=YEAR),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post={**STAFF_PAGE, "staff": 302, "admin_user": 302},
    ),
    "surveys:tsm_csv": Entry(named("surveys:tsm_csv", year=YEAR), STAFF_OR_BOARD_PAGE, wrong_method=("post", "board")),
    "performance": Entry(named("performance"), everyone(200), wrong_method=("post", "anonymous")),
    "performance_csv": Entry(published_csv_url, everyone(200), wrong_method=("post", "anonymous")),
    # A table of the performance page (the last complete reporting year's figures, all aggregates).
    "performance_table_csv": Entry(
        named("performance_table_csv", slug="community-fund"), everyone(200), wrong_method=("post", "anonymous")
    ),
}

STAFF_OR_BOARD_MISSING = {**STAFF_OR_BOARD_PAGE, "staff": 404, "admin_user": 404, "board": 404}

RESULTS_MISSING_OBJECTS = {
    "surveys:results": Entry(named("surveys:results", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT),
    "surveys:results_csv": Entry(named("surveys:results_csv", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT),
    "surveys:results_update_create": Entry(
        named("surveys:results_update_create", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
    "surveys:results_text": Entry(
        named("surveys:results_text", pk=MISSING_PK, question_pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT
    ),
    # A year before the measures began, or too far ahead.
    "surveys:tsm_results": Entry(named("surveys:tsm_results", year=1999), STAFF_OR_BOARD_MISSING),
    "surveys:tsm_csv": Entry(named("surveys:tsm_csv", year=2999), STAFF_OR_BOARD_MISSING),
    "surveys:tsm_approach": Entry(named("surveys:tsm_approach", year=1999), STAFF_PAGE_MISSING_OBJECT),
    "surveys:tsm_publish": Entry(named("surveys:tsm_publish", year=1999), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT),
    # Nothing published yet: there is no CSV to download.
    "performance_csv": Entry(named("performance_csv"), everyone(404)),
    "performance_table_csv": Entry(named("performance_table_csv", slug="no-such-table"), everyone(404)),
}
