"""The access table's rows for decisions and the resident voice (merged in tests/test_access.py).

Published decisions are public. Staff manage every decision; Board members read those ready for the Board and
published ones (read only: every change is 403 for them); residents reach only the public pages."""

from django.urls import reverse

from engagement.decisions.models import DecisionStatus

from ..access import (
    MISSING_PK,
    POST_ONLY,
    STAFF_PAGE,
    STAFF_PAGE_MISSING_OBJECT,
    Entry,
    everyone,
    named,
)
from .decision_data import decision_with_a_source, make_decision


def decision_url(name: str, status=DecisionStatus.DRAFT):
    return lambda get: reverse(name, kwargs={"pk": make_decision(status).pk})


def source_url(get):
    decision, link = decision_with_a_source()
    return reverse("decisions:uncite", kwargs={"pk": decision.pk, "source_pk": link.pk})


STAFF_OR_BOARD = {**STAFF_PAGE, "board": 200}
STAFF_POST_DONE = {**STAFF_PAGE, "staff": 302, "admin_user": 302}

DECISION_PAGES: dict = {
    "decisions:public_list": Entry(named("decisions:public_list"), everyone(200), wrong_method=("post", "anonymous")),
    "decisions:public_detail": Entry(
        decision_url("decisions:public_detail", DecisionStatus.PUBLISHED),
        everyone(200),
        wrong_method=("post", "resident"),
    ),
    "decisions:staff_list": Entry(named("decisions:staff_list"), STAFF_OR_BOARD, wrong_method=("post", "staff")),
    "decisions:create": Entry(named("decisions:create"), STAFF_PAGE, wrong_method=("put", "staff")),
    "decisions:detail": Entry(
        decision_url("decisions:detail", DecisionStatus.READY), STAFF_OR_BOARD, wrong_method=("post", "staff")
    ),
    "decisions:edit": Entry(decision_url("decisions:edit"), STAFF_PAGE, wrong_method=("put", "staff")),
    # An empty form comes back with its errors beside the fields.
    "decisions:cite": Entry(decision_url("decisions:cite"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_PAGE),
    "decisions:uncite": Entry(source_url, POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST_DONE),
    "decisions:back_to_draft": Entry(
        decision_url("decisions:back_to_draft", DecisionStatus.READY),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST_DONE,
    ),
    "decisions:publish": Entry(
        decision_url("decisions:publish", DecisionStatus.READY),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST_DONE,
    ),
    "decisions:withdraw": Entry(
        decision_url("decisions:withdraw", DecisionStatus.PUBLISHED),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_PAGE,
    ),
}

MISSING = {**STAFF_PAGE_MISSING_OBJECT, "board": 403}
DECISION_MISSING_OBJECTS: dict = {
    "decisions:public_detail": Entry(named("decisions:public_detail", pk=MISSING_PK), everyone(404)),
    "decisions:detail": Entry(named("decisions:detail", pk=MISSING_PK), {**STAFF_OR_BOARD, **MISSING, "board": 404}),
    "decisions:edit": Entry(named("decisions:edit", pk=MISSING_PK), MISSING),
    **{
        name: Entry(named(name, pk=MISSING_PK), POST_ONLY, post=MISSING)
        for name in [
            "decisions:cite",
            "decisions:back_to_draft",
            "decisions:publish",
            "decisions:withdraw",
        ]
    },
    "decisions:uncite": Entry(named("decisions:uncite", pk=MISSING_PK, source_pk=MISSING_PK), POST_ONLY, post=MISSING),
}
