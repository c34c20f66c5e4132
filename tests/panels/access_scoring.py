"""The option scoring rows of the access table (tests/test_access.py merges them in). A round is for its panel's
members and staff; only members score (staff 403), other residents 404."""

from django.urls import reverse

from ..access import MISSING_PK, POST_ONLY, STAFF_PAGE, STAFF_PAGE_MISSING_OBJECT, Entry
from .access_scrutiny import MEMBER_PAGE, MEMBER_PAGE_MISSING_OBJECT, STAFF_POST_REDIRECT, panel_url, pk_url

MEMBER_ONLY = {**MEMBER_PAGE, "staff": 403, "admin_user": 403}

SCORING_PAGES: dict = {
    "panels:round_list": Entry(panel_url("panels:round_list"), MEMBER_PAGE, wrong_method=("post", "staff")),
    "panels:round_create": Entry(panel_url("panels:round_create"), STAFF_PAGE, wrong_method=("put", "staff")),
    "panels:round_detail": Entry(
        pk_url("panels:round_detail", "scoring_round"), MEMBER_PAGE, wrong_method=("post", "staff")
    ),
    # The round is open: set-up forms come back saying so (empty posts come back with their errors).
    "panels:criterion_create": Entry(
        pk_url("panels:criterion_create", "scoring_round"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_PAGE
    ),
    "panels:option_create": Entry(
        pk_url("panels:option_create", "scoring_round"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_PAGE
    ),
    "panels:round_open": Entry(
        pk_url("panels:round_open", "scoring_round"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST_REDIRECT
    ),
    "panels:round_close": Entry(
        pk_url("panels:round_close", "scoring_round"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_PAGE
    ),
    "panels:option_score": Entry(
        pk_url("panels:option_score", "scoring_option"), MEMBER_ONLY, wrong_method=("put", "panel_member")
    ),
    "panels:option_conflict": Entry(
        pk_url("panels:option_conflict", "scoring_option"),
        POST_ONLY,
        wrong_method=("put", "panel_member"),
        post=MEMBER_ONLY,
    ),
}

SCORING_MISSING_OBJECTS: dict = {
    "panels:round_detail": Entry(
        lambda get: reverse("panels:round_detail", kwargs={"pk": MISSING_PK}), MEMBER_PAGE_MISSING_OBJECT
    ),
    "panels:option_score": Entry(
        lambda get: reverse("panels:option_score", kwargs={"pk": MISSING_PK}),
        {**MEMBER_PAGE_MISSING_OBJECT, "staff": 404, "admin_user": 404},
    ),
    "panels:round_close": Entry(
        lambda get: reverse("panels:round_close", kwargs={"pk": MISSING_PK}), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
}
