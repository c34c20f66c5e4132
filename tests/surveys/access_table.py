"""The surveys app's rows of the access table (tests/test_access.py merges them in).

Same format as PRODUCT and MISSING_OBJECTS there: URL name -> Entry. Fixtures the URL builders ask for live in
tests/surveys/fixtures.py, which tests/conftest.py loads as a plugin so every test module can use them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.urls import reverse

from ..access import (
    LOGIN,
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


def survey_url(name: str, fixture: str = "draft_survey") -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"pk": get(fixture).pk})


def question_url(name: str) -> Callable[[Callable], str]:
    return lambda get: reverse(
        name, kwargs={"pk": get("draft_question").survey_id, "question_pk": get("draft_question").pk}
    )


def staff_answer_url(get) -> str:
    invitation = get("own_invitation")
    return reverse("surveys:staff_answer", kwargs={"pk": invitation.survey_id, "invitation_pk": invitation.pk})


@dataclass(frozen=True)
class OnToTheSurvey:
    """The invitation link: a 302 to the survey's own page, the token gone from the address."""

    def check(self, response: HttpResponse, url: str) -> None:
        assert response.status_code == 302, f"expected a redirect to the survey, got {response.status_code}"
        path = urlsplit(response["Location"]).path
        assert path.startswith("/surveys/") and "token" not in path and url.rsplit("/", 2)[-2] not in path, path


# Answering needs an invitation: the resident's own, or one opened from an email link in this session.
ANSWER_PAGE = by_persona(
    anonymous=LOGIN,
    resident=200,
    other_resident=404,
    panel_member=404,
    unlinked_resident=404,
    staff=403,
    staff_without_mfa=403,
    board=403,
    admin_user=403,
)
STAFF_POST = {**STAFF_PAGE, "staff": 302, "admin_user": 302}

SURVEY_PAGES: dict = {
    "surveys:survey_list": Entry(named("surveys:survey_list"), STAFF_PAGE, wrong_method=("post", "staff")),
    "surveys:survey_create": Entry(named("surveys:survey_create"), STAFF_PAGE, wrong_method=("put", "staff")),
    "surveys:survey_detail": Entry(survey_url("surveys:survey_detail"), STAFF_PAGE, wrong_method=("post", "staff")),
    "surveys:survey_edit": Entry(survey_url("surveys:survey_edit"), STAFF_PAGE, wrong_method=("put", "staff")),
    "surveys:survey_delete": Entry(survey_url("surveys:survey_delete"), STAFF_PAGE, wrong_method=("put", "staff")),
    "surveys:survey_preview": Entry(survey_url("surveys:survey_preview"), STAFF_PAGE, wrong_method=("post", "staff")),
    "surveys:question_create": Entry(survey_url("surveys:question_create"), STAFF_PAGE, wrong_method=("put", "staff")),
    "surveys:question_edit": Entry(question_url("surveys:question_edit"), STAFF_PAGE, wrong_method=("put", "staff")),
    "surveys:question_move": Entry(
        question_url("surveys:question_move"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST
    ),
    "surveys:question_delete": Entry(
        question_url("surveys:question_delete"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST
    ),
    "surveys:my_surveys": Entry(named("surveys:my_surveys"), RESIDENT_LINKED_PAGE, wrong_method=("post", "resident")),
    "surveys:answer": Entry(survey_url("surveys:answer", "open_survey"), ANSWER_PAGE, wrong_method=("put", "resident")),
    "surveys:token_entry": Entry(
        lambda get: reverse("surveys:token_entry", kwargs={"token": get("own_invitation").token}),
        everyone(OnToTheSurvey()),
        wrong_method=("post", "anonymous"),
    ),
    "surveys:staff_answer": Entry(staff_answer_url, STAFF_PAGE, wrong_method=("put", "staff")),
    # Staff answering a staff survey for themselves: only those asked (administrators are not: 404).
    "surveys:my_staff_surveys": Entry(named("surveys:my_staff_surveys"), STAFF_PAGE, wrong_method=("post", "staff")),
    "surveys:staff_survey_answer": Entry(
        survey_url("surveys:staff_survey_answer", "open_staff_survey"),
        {**STAFF_PAGE, "admin_user": 404},
        wrong_method=("put", "staff"),
    ),
}

SURVEY_MISSING_OBJECTS: dict = {
    **{
        name: Entry(named(name, pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT)
        for name in [
            "surveys:survey_detail",
            "surveys:survey_edit",
            "surveys:survey_delete",
            "surveys:survey_preview",
            "surveys:question_create",
        ]
    },
    "surveys:question_edit": Entry(
        named("surveys:question_edit", pk=MISSING_PK, question_pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT
    ),
    **{
        name: Entry(named(name, pk=MISSING_PK, question_pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT)
        for name in ["surveys:question_move", "surveys:question_delete"]
    },
    # A survey nobody invited you to does not exist for you; staff are not asked to answer surveys.
    "surveys:answer": Entry(named("surveys:answer", pk=MISSING_PK), {**ANSWER_PAGE, "resident": 404}),
    "surveys:token_entry": Entry(named("surveys:token_entry", token="not-a-real-token"), everyone(404)),
    "surveys:staff_survey_answer": Entry(
        named("surveys:staff_survey_answer", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT
    ),
    "surveys:staff_answer": Entry(
        named("surveys:staff_answer", pk=MISSING_PK, invitation_pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT
    ),
}

# Results and the Tenant Satisfaction Measures, listed in their own module.
from .access_results import RESULTS_MISSING_OBJECTS, RESULTS_PAGES  # noqa: E402

SURVEY_PAGES.update(RESULTS_PAGES)
SURVEY_MISSING_OBJECTS.update(RESULTS_MISSING_OBJECTS)

# Who is asked, publishing, sending, the phone-or-paper list and opting out, listed in their own module.
from .access_sending import SENDING_MISSING_OBJECTS, SENDING_PAGES  # noqa: E402

SURVEY_PAGES.update(SENDING_PAGES)
SURVEY_MISSING_OBJECTS.update(SENDING_MISSING_OBJECTS)
