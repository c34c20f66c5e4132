"""The access table's rows for the outcomes framework (merged in tests/test_access.py).

Staff and the Board read the outcome pages (aggregates, nothing about a person); staff choose the indicators and
targets, which the Board does not (403). Residents get 403 everywhere."""

from django.urls import reverse

from engagement.outcomes.models import OutcomeIndicator

from ..access import (
    LOGIN,
    MFA_SETUP,
    MISSING_PK,
    POST_ONLY,
    STAFF_PAGE,
    STAFF_PAGE_MISSING_OBJECT,
    Entry,
    by_persona,
    named,
)

STAFF_AND_BOARD = {**STAFF_PAGE, "board": 200}
STAFF_AND_BOARD_MISSING = {**STAFF_AND_BOARD, "staff": 404, "board": 404, "admin_user": 404}
STAFF_POST = by_persona(
    anonymous=LOGIN,
    resident=403,
    other_resident=403,
    panel_member=403,
    unlinked_resident=403,
    staff=302,
    staff_without_mfa=MFA_SETUP,
    board=403,
    admin_user=302,
)


def indicator_url(name: str):
    """The URL for an indicator the relationships outcome has (made when the URL is built: each persona's test
    runs in its own transaction)."""

    def build(get) -> str:
        get("db")
        chosen = OutcomeIndicator.objects.create(outcome="relationships", indicator="updates_published", target=4)
        return reverse(name, kwargs={"pk": chosen.pk})

    return build


OUTCOME_PAGES: dict = {
    "outcomes:outcome_list": Entry(named("outcomes:outcome_list"), STAFF_AND_BOARD, wrong_method=("post", "board")),
    "outcomes:outcome_detail": Entry(
        named("outcomes:outcome_detail", outcome="relationships"), STAFF_AND_BOARD, wrong_method=("post", "board")
    ),
    "outcomes:indicator_add": Entry(
        named("outcomes:indicator_add", outcome="relationships"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "outcomes:indicator_change": Entry(
        indicator_url("outcomes:indicator_change"), STAFF_PAGE, wrong_method=("put", "staff")
    ),
    "outcomes:indicator_remove": Entry(
        indicator_url("outcomes:indicator_remove"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST
    ),
}
OUTCOME_MISSING_OBJECTS: dict = {
    "outcomes:outcome_detail": Entry(
        named("outcomes:outcome_detail", outcome="no_such_outcome"), STAFF_AND_BOARD_MISSING
    ),
    "outcomes:indicator_add": Entry(
        named("outcomes:indicator_add", outcome="no_such_outcome"), STAFF_PAGE_MISSING_OBJECT
    ),
    "outcomes:indicator_change": Entry(named("outcomes:indicator_change", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT),
    "outcomes:indicator_remove": Entry(
        named("outcomes:indicator_remove", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
}
