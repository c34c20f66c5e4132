"""Block Champions' rows of the access table (tests/test_access.py merges them in). A block's page is for the
residents whose home is in it (the `resident` persona's Alder House) and staff; everyone else 404."""

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
    named,
)


def block_url(get) -> str:
    return reverse("community:block_detail", kwargs={"pk": get("resident").resident.home.block_id})


def champion_block_url(get) -> str:
    return reverse("community:champion_block_issue_new", kwargs={"pk": get("block_champion").block_id})


def block_issue_url(get) -> str:
    issue = get("block_issue")
    return reverse(
        "community:champion_block_issue", kwargs={"pk": get("block_champion").block_id, "issue_pk": issue.pk}
    )


def step_down_url(get) -> str:
    return reverse("community:champion_step_down", kwargs={"pk": get("block_champion").pk})


def decide_url(get) -> str:
    return reverse("community:champion_decide", kwargs={"pk": get("champion_application").pk})


BLOCK_PAGE = by_persona(
    anonymous=LOGIN,
    resident=200,
    other_resident=404,
    panel_member=404,
    unlinked_resident=404,
    staff=200,
    staff_without_mfa=MFA_SETUP,
    board=404,
    admin_user=200,
)

# The `resident` persona champions Alder House: residents of other blocks get 404; staff and the Board 403.
CHAMPION_BLOCK_PAGE = {**RESIDENT_LINKED_PAGE, "other_resident": 404, "panel_member": 404}

CHAMPION_PAGES: dict = {
    "community:champion_block_issue_new": Entry(
        champion_block_url, CHAMPION_BLOCK_PAGE, wrong_method=("put", "resident")
    ),
    "community:champion_block_issue": Entry(block_issue_url, CHAMPION_BLOCK_PAGE, wrong_method=("post", "resident")),
    # Stepping down: the champion (back to their page); another resident's role is a 404.
    "community:champion_step_down": Entry(
        step_down_url,
        POST_ONLY,
        wrong_method=("put", "resident"),
        post={**RESIDENT_LINKED_PAGE, "resident": 302, "other_resident": 404, "panel_member": 404},
    ),
    "community:champion_apply": Entry(
        named("community:champion_apply"), RESIDENT_LINKED_PAGE, wrong_method=("put", "resident")
    ),
    "community:block_detail": Entry(block_url, BLOCK_PAGE, wrong_method=("post", "resident")),
    "community:champion_list": Entry(named("community:champion_list"), STAFF_PAGE, wrong_method=("post", "staff")),
    "community:champion_decide": Entry(  # an empty decision: back to the list with the error
        decide_url, POST_ONLY, wrong_method=("put", "staff"), post={**STAFF_PAGE, "staff": 302, "admin_user": 302}
    ),
}

CHAMPION_MISSING_OBJECTS: dict = {
    "community:champion_block_issue_new": Entry(
        named("community:champion_block_issue_new", pk=MISSING_PK), {**CHAMPION_BLOCK_PAGE, "resident": 404}
    ),
    "community:champion_block_issue": Entry(
        named("community:champion_block_issue", pk=MISSING_PK, issue_pk=MISSING_PK),
        {**CHAMPION_BLOCK_PAGE, "resident": 404},
    ),
    "community:champion_step_down": Entry(
        named("community:champion_step_down", pk=MISSING_PK),
        POST_ONLY,
        post={**RESIDENT_LINKED_PAGE, "resident": 404, "other_resident": 404, "panel_member": 404},
    ),
    "community:block_detail": Entry(
        named("community:block_detail", pk=MISSING_PK), {**BLOCK_PAGE, "resident": 404, "staff": 404, "admin_user": 404}
    ),
    "community:champion_decide": Entry(
        named("community:champion_decide", pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
    ),
}
