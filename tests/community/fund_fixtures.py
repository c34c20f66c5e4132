"""Community Fund fixtures shared by the access table and the fund tests (loaded as a plugin by tests/conftest.py).

Rounds fund projects for Millfield (the `resident` persona's neighbourhood); the resident's applications are theirs
alone: other residents get 404."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from community.fund import services
from community.fund.models import ApplicantType, Application, ApplicationStatus, FundCriterion, FundRound
from residents.models import Resident

CRITERIA = [("Reduces loneliness and improves wellbeing", 40), ("Led by residents", 30), ("Value for money", 30)]


def make_round(neighbourhoods, *, opens_in=timedelta(days=-7), closes_in=timedelta(days=21), **fields) -> FundRound:
    now = timezone.now()
    values = {
        "title": "Spring 2027 Community Fund",
        "description": "Grants for projects that bring neighbours together.",
        "budget": Decimal("5000.00"),
        "max_award": Decimal("1000.00"),
        "opens_at": now + opens_in,
        "closes_at": now + closes_in,
    } | fields
    fund_round = FundRound.objects.create(**values)
    fund_round.neighbourhoods.set(neighbourhoods)
    FundCriterion.objects.bulk_create(FundCriterion(round=fund_round, name=n, weight=w) for n, w in CRITERIA)
    return fund_round


def application_for(resident: Resident, fund_round: FundRound, *, submit=True, amount=Decimal("300.00"), **fields):
    values = {
        "round": fund_round,
        "resident": resident,
        "applicant_type": ApplicantType.RESIDENT,
        "title": "Tuesday lunch club",
        "description": "A weekly lunch in the community room for neighbours who live alone.",
        "beneficiaries": "Older residents living alone in Alder House.",
        "beneficiary_count": 25,
        "amount": amount,
        "budget_breakdown": f"Food: {amount - 50}\nRoom hire: 50",
        "outcomes": "Fewer people feeling lonely.",
        "safeguarding": "Two volunteers at every session; DBS checked.",
        "insurance": "Covered by the tenants' association's policy.",
    } | fields
    application = Application(**values)
    neighbourhoods = list(fund_round.neighbourhoods.all())
    if submit and not fund_round.is_open():
        # Made as if it had been sent before the deadline.
        services.save(application=application, neighbourhoods=neighbourhoods, submit=True, now=fund_round.opens_at)
    else:
        services.save(application=application, neighbourhoods=neighbourhoods, submit=submit)
    return application


@pytest.fixture
def open_fund_round(neighbourhood):
    return make_round([neighbourhood])


@pytest.fixture
def own_fund_draft(resident, open_fund_round):
    return application_for(resident.resident, open_fund_round, submit=False)


@pytest.fixture
def submitted_fund_application(resident, open_fund_round):
    return application_for(resident.resident, open_fund_round, title="Gardening club")


__all__ = ["ApplicationStatus"]


@pytest.fixture
def funded_fund_application(submitted_fund_application, staff):
    return services.decide(
        application=submitted_fund_application, award=Decimal("300.00"), reasons="A good project.", actor=staff
    )


@pytest.fixture
def decided_fund_round(neighbourhood, other_resident, staff):
    """A round that has closed with every application decided: its equality figures are shown."""
    fund_round = make_round([neighbourhood], opens_in=timedelta(days=-30), closes_in=timedelta(days=-1))
    application = application_for(other_resident.resident, fund_round)
    services.decide(application=application, award=None, reasons="Not this time.", actor=staff)
    return fund_round
