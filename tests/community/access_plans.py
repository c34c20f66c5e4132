"""Neighbourhood Action Plans' rows of the access table (tests/test_access.py merges them in).

A plan is residents-only: the `resident` persona lives in the shared plan's neighbourhood (Millfield); the other
residents, unlinked accounts and board members get 404 as if it did not exist. A published plan (Hillside's)
opens to everyone, but only its own neighbourhood's residents take part in it.
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
    by_persona,
    named,
)


def plan_url(name: str, fixture: str = "shared_plan") -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"pk": get(fixture).pk})


def action_url(name: str, fixture: str = "plan_action") -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"pk": get(fixture).plan_id, "action_pk": get(fixture).pk})


def proposal_url(get) -> str:
    proposal = get("waiting_proposal")
    return reverse("community:proposal_review", kwargs={"pk": proposal.plan_id, "proposal_pk": proposal.pk})


# Residents of the plan's neighbourhood and staff; everyone else 404.
NEIGHBOURHOOD_PAGE = by_persona(
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


def resident_post(resident_status) -> dict:
    """A resident's action on their neighbourhood's plan: others 404, staff and board 403 (not residents)."""
    return by_persona(
        anonymous=LOGIN,
        resident=resident_status,
        other_resident=404,
        panel_member=404,
        unlinked_resident=404,
        staff=403,
        staff_without_mfa=403,
        board=403,
        admin_user=403,
    )


STAFF_POST_INVALID = {**STAFF_PAGE, "staff": 400, "admin_user": 400}  # an empty form comes back with its errors
STAFF_POST_REDIRECT = {**STAFF_PAGE, "staff": 302, "admin_user": 302}

PLAN_PAGES: dict = {
    "community:plan_detail": Entry(
        plan_url("community:plan_detail"), NEIGHBOURHOOD_PAGE, wrong_method=("post", "resident")
    ),
    "community:plan_comment": Entry(
        plan_url("community:plan_comment"), POST_ONLY, wrong_method=("put", "resident"), post=resident_post(400)
    ),
    "community:plan_propose": Entry(
        plan_url("community:plan_propose"), resident_post(200), wrong_method=("put", "resident")
    ),
    "community:action_vote": Entry(  # an empty POST is a vote for the action: back to the plan
        action_url("community:action_vote"), POST_ONLY, wrong_method=("put", "resident"), post=resident_post(302)
    ),
    "community:plan_list": Entry(named("community:plan_list"), STAFF_PAGE, wrong_method=("post", "staff")),
    "community:plan_create": Entry(named("community:plan_create"), STAFF_PAGE, wrong_method=("put", "staff")),
    "community:plan_manage": Entry(plan_url("community:plan_manage"), STAFF_PAGE, wrong_method=("put", "staff")),
    "community:action_create": Entry(plan_url("community:action_create"), STAFF_PAGE, wrong_method=("put", "staff")),
    "community:action_edit": Entry(action_url("community:action_edit"), STAFF_PAGE, wrong_method=("put", "staff")),
    "community:action_decide": Entry(
        action_url("community:action_decide"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST_INVALID
    ),
    "community:action_progress": Entry(
        action_url("community:action_progress"), POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST_INVALID
    ),
    "community:action_to_update": Entry(  # on to the new "You said, we did" draft
        action_url("community:action_to_update", "done_action"),
        POST_ONLY,
        wrong_method=("put", "staff"),
        post=STAFF_POST_REDIRECT,
    ),
    "community:proposal_review": Entry(proposal_url, POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST_INVALID),
}


def missing_action(name: str) -> Callable[[Callable], str]:
    return lambda get: reverse(name, kwargs={"pk": MISSING_PK, "action_pk": MISSING_PK})


RESIDENT_MISSING = by_persona(
    anonymous=LOGIN,
    resident=404,
    other_resident=404,
    panel_member=404,
    unlinked_resident=404,
    staff=403,
    staff_without_mfa=403,
    board=403,
    admin_user=403,
)

PLAN_MISSING_OBJECTS: dict = {
    "community:plan_detail": Entry(
        named("community:plan_detail", pk=MISSING_PK),
        {**NEIGHBOURHOOD_PAGE, "resident": 404, "staff": 404, "admin_user": 404},
    ),
    "community:plan_comment": Entry(named("community:plan_comment", pk=MISSING_PK), POST_ONLY, post=RESIDENT_MISSING),
    "community:plan_propose": Entry(named("community:plan_propose", pk=MISSING_PK), RESIDENT_MISSING),
    "community:action_vote": Entry(missing_action("community:action_vote"), POST_ONLY, post=RESIDENT_MISSING),
    "community:plan_manage": Entry(named("community:plan_manage", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT),
    "community:action_create": Entry(named("community:action_create", pk=MISSING_PK), STAFF_PAGE_MISSING_OBJECT),
    "community:action_edit": Entry(missing_action("community:action_edit"), STAFF_PAGE_MISSING_OBJECT),
    **{
        name: Entry(missing_action(name), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT)
        for name in ["community:action_decide", "community:action_progress", "community:action_to_update"]
    },
    "community:proposal_review": Entry(
        named("community:proposal_review", pk=MISSING_PK, proposal_pk=MISSING_PK),
        POST_ONLY,
        post=STAFF_PAGE_MISSING_OBJECT,
    ),
}

# Beyond the table (tests/community/test_plans_permissions.py): a draft is staff only, even for the neighbourhood's
# residents; a published plan is for anyone to read.
DRAFT_PLAN_READ = {**NEIGHBOURHOOD_PAGE, "resident": 404}
PUBLISHED_PLAN_READ = by_persona(
    anonymous=200,
    resident=200,
    other_resident=200,
    panel_member=200,
    unlinked_resident=200,
    staff=200,
    staff_without_mfa=MFA_SETUP,
    board=200,
    admin_user=200,
)


def comment_url(get) -> str:
    from community.plans.services import add_comment

    plan = get("shared_plan")
    comment = add_comment(plan=plan, resident=get("resident").resident, text="A comment")
    return reverse("community:comment_remove", kwargs={"pk": plan.pk, "comment_pk": comment.pk})


PLAN_PAGES["community:comment_remove"] = Entry(  # no reason: back to the plan with the error
    comment_url, POST_ONLY, wrong_method=("put", "staff"), post=STAFF_POST_REDIRECT
)
PLAN_MISSING_OBJECTS["community:comment_remove"] = Entry(
    named("community:comment_remove", pk=MISSING_PK, comment_pk=MISSING_PK), POST_ONLY, post=STAFF_PAGE_MISSING_OBJECT
)
