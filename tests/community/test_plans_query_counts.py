"""Action plan pages cost the same number of queries whatever the size of the plan: measured with 2 actions and
5 votes, then 200 actions, 500 votes, 200 comments, 200 progress notes and 50 plans, and checked against the
exact number both times."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import Action, ActionPlan, PlanComment, ProgressUpdate, Proposal, Vote
from residents.models import Home, Neighbourhood, Resident

from ..querycount import queries_for_get

pytestmark = pytest.mark.django_db


def grow_plan(plan: ActionPlan, *, actions: int, votes: int, comments: int, plans: int) -> None:
    """Bring the plan up to this many actions, votes (3 per resident), comments and progress notes, and the
    portal up to this many plans."""
    block = Resident.objects.filter(home__block__neighbourhood=plan.neighbourhood).first().home.block
    have = plan.actions.count()
    today = timezone.localdate()
    made = Action.objects.bulk_create(
        [
            Action(
                plan=plan,
                title=f"Action {have + i}",
                description="Something to do",
                owner="Estates",
                due_on=today + timedelta(days=(i % 7) - 3),  # some overdue
            )
            for i in range(actions - have)
        ]
    )
    all_actions = list(plan.actions.all())
    ProgressUpdate.objects.bulk_create([ProgressUpdate(action=action, text="Under way") for action in made])
    needed = votes - plan.votes.count()
    per = min(3, len(all_actions))  # one vote per action
    start = Resident.objects.count()
    homes = Home.objects.bulk_create(
        [
            Home(
                property_reference=f"PLAN-{start + i}",
                block=block,
                address_line_1="1 Plan Street",
                postcode="LS6 2AB",
                tenure="lcra",
            )
            for i in range((needed + per - 1) // per)
        ]
    )
    voters = Resident.objects.bulk_create(
        [
            Resident(
                home=home,
                first_name="Voter",
                last_name=str(i),
                resident_reference=f"PV-{start + i}",
                tenancy_reference=f"PT-{start + i}",
            )
            for i, home in enumerate(homes)
        ]
    )
    ballots = [
        Vote(plan=plan, action=all_actions[(i * per + slot) % len(all_actions)], resident=voter, slot=slot + 1)
        for i, voter in enumerate(voters)
        for slot in range(per)
    ][:needed]
    Vote.objects.bulk_create(ballots)
    PlanComment.objects.bulk_create(
        [PlanComment(plan=plan, resident=voters[i % len(voters)], text="A comment") for i in range(comments)]
    )
    Proposal.objects.bulk_create(
        [
            Proposal(plan=plan, resident=voters[i % len(voters)], title="Idea", description="Why")
            for i in range(comments // 10)
        ]
    )
    more = plans - ActionPlan.objects.count()
    areas = Neighbourhood.objects.bulk_create([Neighbourhood(name=f"Plan area {start}-{i}") for i in range(more)])
    ActionPlan.objects.bulk_create(
        [ActionPlan(neighbourhood=area, year=2026, title=f"Plan {area.name}") for area in areas]
    )
    assert plan.votes.count() == votes and plan.actions.count() == actions


def first_action(get) -> str:
    action = get("shared_plan").actions.order_by("pk").first()
    return reverse("community:action_edit", args=[action.plan_id, action.pk])


PAGES = [
    # session, user, plan, the resident (home and block), actions ranked with their votes, their progress notes,
    # the latest comments, the resident's own suggestions
    pytest.param(
        "resident",
        lambda get: reverse("community:plan_detail", args=[get("shared_plan").pk]),
        8,
        id="plan_detail_resident",
    ),
    # session, user, plan, actions, progress notes, comments
    pytest.param(
        "staff", lambda get: reverse("community:plan_detail", args=[get("shared_plan").pk]), 6, id="plan_detail_staff"
    ),
    # session, user, plan, whether anyone voted (the form), actions, progress notes, comments, suggestions waiting,
    # how many residents voted, the neighbourhoods to choose from
    pytest.param(
        "staff", lambda get: reverse("community:plan_manage", args=[get("shared_plan").pk]), 10, id="plan_manage"
    ),
    # session, user, how many plans, the page of plans with their counts
    pytest.param("staff", lambda get: reverse("community:plan_list"), 4, id="plan_list"),
    # session, user, action with its plan, its prompts (none), the latest of each kind of "You said, we did" source
    # staff can tick as what prompted it (walkabout issues, surveys, scrutiny recommendations, Community Fund
    # projects: one query each), votes, comments, progress notes
    pytest.param("staff", first_action, 11, id="action_edit"),
    # session, user, resident, recent feedback, the action plan panel
    pytest.param("resident", lambda get: reverse("residents:home"), 5, id="resident_home"),
]


@pytest.mark.parametrize(("persona", "url", "expected"), PAGES)
def test_page_costs_the_same_queries_for_a_small_and_a_large_plan(
    request, client_for, shared_plan, staff, persona, url, expected
):
    client = client_for(persona)
    url = url(request.getfixturevalue)
    grow_plan(shared_plan, actions=2, votes=5, comments=2, plans=2)
    small = queries_for_get(client, url)

    grow_plan(shared_plan, actions=200, votes=500, comments=200, plans=50)
    large = queries_for_get(client, url)

    assert small.count == large.count, f"{small}\n\n{large}"
    assert small.count == expected, str(small)
