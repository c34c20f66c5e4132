"""Action plan fixtures shared by the access table and the plans tests (loaded as a plugin by tests/conftest.py).

The `resident` persona lives in Millfield; `other_resident` in Hillside; `panel_member` in Riverside."""

import pytest

from community.plans.models import ActionStatus, PlanStatus

from .plan_factories import ActionFactory, ActionPlanFactory, ProposalFactory


@pytest.fixture
def shared_plan(resident):
    """Millfield's plan, shared with its residents (the `resident` persona), voting open, with one action."""
    plan = ActionPlanFactory(neighbourhood=resident.resident.home.block.neighbourhood, title="Millfield together")
    ActionFactory(plan=plan, title="Brighter lights on the path")
    return plan


@pytest.fixture
def draft_plan(resident):
    """A draft for Millfield, a year later: staff only, even for the neighbourhood's residents."""
    return ActionPlanFactory(
        neighbourhood=resident.resident.home.block.neighbourhood, year=2027, status=PlanStatus.DRAFT
    )


@pytest.fixture
def published_plan(other_resident):
    """Hillside's plan, published: anyone may read it; only Hillside's residents take part."""
    plan = ActionPlanFactory(neighbourhood=other_resident.resident.home.block.neighbourhood, published=True)
    ActionFactory(plan=plan, title="Clear the alleyway")
    return plan


@pytest.fixture
def plan_action(shared_plan):
    return shared_plan.actions.get()


@pytest.fixture
def done_action(shared_plan):
    return ActionFactory(plan=shared_plan, title="New bins store", status=ActionStatus.DONE)


@pytest.fixture
def waiting_proposal(shared_plan, resident):
    return ProposalFactory(plan=shared_plan, resident=resident.resident)


@pytest.fixture
def champion_application(resident):
    """The `resident` persona's application to champion their block (Alder House), waiting for a decision."""
    from community.champions.services import apply_to_champion

    return apply_to_champion(resident=resident.resident, why="I already sweep the stairs.")
