"""Who may do what with a Neighbourhood Action Plan, as a persona x state table.

The `resident` persona lives in Millfield, the plan's neighbourhood; `other_resident` in Hillside. A plan is a
draft (staff only), shared with its neighbourhood (voting open or closed), or shared and published (anyone
reads it, its neighbourhood's residents still the only ones taking part)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from community.plans import permissions
from community.plans.models import PlanStatus
from residents.models import Resident

from ..access import LOGIN, MFA_SETUP, by_persona, check
from .access_plans import DRAFT_PLAN_READ
from .plan_factories import ActionPlanFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "resident", "other_resident", "unlinked_resident", "staff", "board", "admin_user"]
STATES = ["draft", "open", "closed", "published"]


@pytest.fixture
def plan_in(resident):
    def make(state: str):
        now = timezone.now()
        return ActionPlanFactory(
            neighbourhood=resident.resident.home.block.neighbourhood,
            status=PlanStatus.DRAFT if state == "draft" else PlanStatus.SHARED,
            published=state == "published",
            voting_closes_at=now - timedelta(days=1) if state == "closed" else now + timedelta(days=7),
        )

    return make


def user_and_resident(request, persona):
    if persona == "anonymous":
        return AnonymousUser(), None
    user = request.getfixturevalue(persona)
    return user, Resident.objects.with_home().filter(user=user).first()


# persona -> (can_view, can_take_part, can_vote, can_see_comments) for each state
TABLE = {
    "draft": {
        "anonymous": (False, False, False, False),
        "resident": (False, False, False, False),
        "other_resident": (False, False, False, False),
        "unlinked_resident": (False, False, False, False),
        "staff": (True, False, False, True),
        "board": (False, False, False, False),
        "admin_user": (True, False, False, True),
    },
    "open": {
        "anonymous": (False, False, False, False),
        "resident": (True, True, True, True),
        "other_resident": (False, False, False, False),
        "unlinked_resident": (False, False, False, False),
        "staff": (True, False, False, True),
        "board": (False, False, False, False),
        "admin_user": (True, False, False, True),
    },
    "closed": {
        "anonymous": (False, False, False, False),
        "resident": (True, True, False, True),
        "other_resident": (False, False, False, False),
        "unlinked_resident": (False, False, False, False),
        "staff": (True, False, False, True),
        "board": (False, False, False, False),
        "admin_user": (True, False, False, True),
    },
    "published": {
        "anonymous": (True, False, False, False),
        "resident": (True, True, True, True),
        "other_resident": (True, False, False, False),
        "unlinked_resident": (True, False, False, False),
        "staff": (True, False, False, True),
        "board": (True, False, False, False),
        "admin_user": (True, False, False, True),
    },
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_predicates(request, plan_in, persona, state):
    plan = plan_in(state)
    user, resident = user_and_resident(request, persona)
    expected = TABLE[state][persona]
    got = (
        permissions.can_view(user, plan, resident),
        permissions.can_take_part(user, plan, resident),
        permissions.can_vote(user, plan, resident),
        permissions.can_see_comments(user, plan, resident),
    )
    assert got == expected


# The plan's page for each persona and state (the shared plan is in the access table).
PAGE = {
    "draft": DRAFT_PLAN_READ,
    "published": by_persona(
        anonymous=200,
        resident=200,
        other_resident=200,
        panel_member=200,
        unlinked_resident=200,
        staff=200,
        staff_without_mfa=MFA_SETUP,
        board=200,
        admin_user=200,
    ),
}


@pytest.mark.parametrize("state", ["draft", "published"])
@pytest.mark.parametrize(
    "persona",
    [
        "anonymous",
        "resident",
        "other_resident",
        "panel_member",
        "unlinked_resident",
        "staff",
        "staff_without_mfa",
        "board",
        "admin_user",
    ],
)
def test_the_plan_page_for_each_persona(client_for, plan_in, persona, state):
    plan = plan_in(state)
    url = reverse("community:plan_detail", args=[plan.pk])
    check(PAGE[state][persona], client_for(persona).get(url), url)


def test_a_published_plan_shows_no_comments_or_forms_to_outsiders(client_for, published_plan, other_resident):
    from .plan_factories import CommentFactory

    CommentFactory(plan=published_plan, resident=other_resident.resident, text="Hillside only please")
    outsider = client_for("resident").get(reverse("community:plan_detail", args=[published_plan.pk]))
    page = outsider.content.decode()
    assert "Clear the alleyway" in page
    assert "Hillside only please" not in page and "Add my comment" not in page and "Vote for this" not in page
    insider = client_for("other_resident").get(reverse("community:plan_detail", args=[published_plan.pk]))
    assert "Hillside only please" in insider.content.decode()


def test_a_resident_of_another_neighbourhood_cannot_take_part_in_a_published_plan(client_for, published_plan):
    action = published_plan.actions.get()
    client = client_for("resident")
    assert client.post(reverse("community:plan_comment", args=[published_plan.pk]), {"text": "Hi"}).status_code == 403
    assert client.post(reverse("community:action_vote", args=[published_plan.pk, action.pk])).status_code == 403
    assert client.get(reverse("community:plan_propose", args=[published_plan.pk])).status_code == 403


def test_anonymous_visitors_are_not_told_whether_a_private_plan_exists(client):
    response = client.get(reverse("community:plan_detail", args=[987654]))
    LOGIN.check(response, reverse("community:plan_detail", args=[987654]))


def test_residents_cannot_take_part_in_a_draft(client_for, draft_plan):
    client = client_for("resident")
    assert client.post(reverse("community:plan_comment", args=[draft_plan.pk]), {"text": "Hi"}).status_code == 404


def test_a_published_plan_does_not_name_the_resident_who_proposed_an_action(client_for, published_plan, other_resident):
    from .plan_factories import ActionFactory

    ActionFactory(plan=published_plan, title="Benches", proposed_by=other_resident.resident)
    public = client_for("anonymous").get(reverse("community:plan_detail", args=[published_plan.pk])).content.decode()
    assert "Proposed by" in public and "Piotr" not in public
    own = client_for("other_resident").get(reverse("community:plan_detail", args=[published_plan.pk])).content.decode()
    assert "Piotr, a resident" in own
