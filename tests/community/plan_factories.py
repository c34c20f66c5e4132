"""Factories for Neighbourhood Action Plans."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from community.models import Action, ActionPlan, PlanComment, Proposal
from community.plans.models import PlanStatus

from ..factories import NeighbourhoodFactory


class ActionPlanFactory(DjangoModelFactory):
    class Meta:
        model = ActionPlan

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    year = 2026
    title = factory.LazyAttribute(lambda plan: f"{plan.neighbourhood.name} action plan")
    summary = "What we will do together this year."
    status = PlanStatus.SHARED
    votes_per_resident = 3
    voting_closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    description = "Fix the lights on the path to the shops."
    owner = "Estate services"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = PlanComment

    text = "Please do the lights first."


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    title = "A bench by the bus stop"
    description = "Older residents need somewhere to sit."
