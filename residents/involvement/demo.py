"""Demo involvement (seed_demo): two published opportunities, one for everyone and one in the first neighbourhood,
and a safeguarding session next month. Idempotent: when any opportunity exists, nothing is added."""

from datetime import timedelta

from django.utils import timezone

from ..people.models import Neighbourhood
from . import services
from .models import Course, Opportunity, OpportunityKind, Outcome, Support, TimeCommitment, TrainingSession


def seed_demo_involvement() -> str:
    if Opportunity.objects.exists():
        return ""
    today = timezone.localdate()
    neighbourhood = Neighbourhood.objects.order_by("name").first()
    opportunities = [
        Opportunity(
            title="Join the Resident Scrutiny Panel",
            kind=OpportunityKind.PANEL_ROLE,
            role_description="Look closely at one of our services twice a year, with other residents, and tell the "
            "Board what should change.",
            time_commitment=TimeCommitment.FEW_HOURS_A_MONTH,
            time_detail="About 4 hours a month, mostly weekday evenings",
            where="Head office, or online",
            pathway_to_change="Your recommendations go to the Board, who give a written response within 3 months.",
            can_influence="How the service you review is run, and what we measure.",
            cannot_influence="Rent levels and the law we must follow.",
            support_offered=[Support.EXPENSES, Support.TRAINING, Support.ACCESSIBILITY, Support.CHILDCARE],
            outcomes=[Outcome.RESIDENT_EXPERIENCE, Outcome.OPERATIONAL_EXCELLENCE],
            closes_on=today + timedelta(days=60),
        ),
        Opportunity(
            title="Walkabout volunteer",
            kind=OpportunityKind.WALKABOUT,
            role_description="Walk your neighbourhood with staff and Board members and point out what needs fixing.",
            time_commitment=TimeCommitment.ONE_OFF,
            time_detail="2 hours on a Saturday morning",
            where=f"Meet at the community centre{f' in {neighbourhood.name}' if neighbourhood else ''}",
            neighbourhood=neighbourhood,
            pathway_to_change="Each issue is logged with an owner and a due date; progress is on the action plan.",
            can_influence="Which repairs and improvements in your area come first.",
            cannot_influence="Work that needs planning permission.",
            support_offered=[Support.ACCESSIBILITY],
            outcomes=[Outcome.RELATIONSHIPS],
            closes_on=today + timedelta(days=30),
        ),
    ]
    for opportunity in Opportunity.objects.bulk_create(opportunities):
        services.publish_opportunity(opportunity=opportunity)
    course = Course.objects.filter(title="Safeguarding").first()
    if course:
        TrainingSession.objects.create(
            course=course, starts_at=timezone.now() + timedelta(days=30), where="Head office", places=12
        )
    return "Demo involvement: 2 published opportunities and a safeguarding session."
