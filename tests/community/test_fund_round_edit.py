"""Staff change a round after setting it up: anything before it opens; once open, the text, a later deadline and
the budget (never below what is awarded), and the criteria's weights until the panel's first score. Each refusal
is said next to its field, keeping what was typed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from community.fund import services
from community.fund.models import FundRound
from panels.scoring.models import Criterion, Score

from ..factories import NeighbourhoodFactory
from ..panels.factories import ScrutinyPanelFactory
from .fund_fixtures import application_for, make_round

pytestmark = pytest.mark.django_db


def form_data(fund_round: FundRound, **changes) -> dict:
    def local(moment):
        return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")

    data = {
        "title": fund_round.title,
        "description": fund_round.description,
        "priorities": fund_round.priorities,
        "budget": str(fund_round.budget),
        "max_award": str(fund_round.max_award),
        "opens_at": local(fund_round.opens_at),
        "closes_at": local(fund_round.closes_at),
        "residents_may_apply": "on",
        "groups_may_apply": "on",
        "neighbourhoods": [n.pk for n in fund_round.neighbourhoods.all()],
        "asks_safeguarding": "on",
        "asks_insurance": "on",
        "report_after_days": str(fund_round.report_after_days),
        "criteria_text": "\n".join(f"{c.name}: {c.weight}" for c in fund_round.criteria.all()),
    }
    return data | changes


def post(client_for, fund_round, **changes):
    return client_for("staff").post(
        reverse("community:fund_round_edit", args=[fund_round.pk]), form_data(fund_round, **changes)
    )


def test_before_it_opens_everything_can_change(client_for, neighbourhood):
    fund_round = make_round([neighbourhood], opens_in=timedelta(days=3), closes_in=timedelta(days=30))
    later = timezone.localtime(fund_round.opens_at + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = post(
        client_for, fund_round, title="Summer fund", max_award="800", opens_at=later, criteria_text="Loneliness: 100"
    )
    assert response.status_code == 302
    fund_round.refresh_from_db()
    assert fund_round.title == "Summer fund" and fund_round.max_award == Decimal("800.00")
    assert [(c.name, c.weight) for c in fund_round.criteria.all()] == [("Loneliness", 100)]
    page = client_for("staff").get(reverse("community:fund_round_edit", args=[fund_round.pk])).content.decode()
    assert "The round has not opened yet: everything can change." in page


def test_once_open_the_text_changes_and_the_deadline_moves_only_later(client_for, open_fund_round):
    earlier = timezone.localtime(open_fund_round.closes_at - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = post(client_for, open_fund_round, closes_at=earlier, description="Changed words.")
    assert response.status_code == 400
    error = response.context["form"].errors["closes_at"][0]
    assert error.startswith("The round is open: the deadline can be moved later, not earlier")
    assert response.context["form"]["description"].value() == "Changed words.", "what was typed is kept"
    open_fund_round.refresh_from_db()
    assert open_fund_round.description != "Changed words."

    later = timezone.localtime(open_fund_round.closes_at + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    assert post(client_for, open_fund_round, closes_at=later, description="Changed words.").status_code == 302
    open_fund_round.refresh_from_db()
    assert open_fund_round.description == "Changed words."
    assert timezone.localtime(open_fund_round.closes_at).strftime("%Y-%m-%dT%H:%M") == later


def test_once_open_the_terms_applicants_applied_on_are_fixed(client_for, open_fund_round):
    other_neighbourhood = NeighbourhoodFactory(name="Alder Park")
    page = client_for("staff").get(reverse("community:fund_round_edit", args=[open_fund_round.pk])).content.decode()
    assert "Fixed: the round is open, and applicants have applied on these terms." in page
    response = post(client_for, open_fund_round, max_award="50", neighbourhoods=[other_neighbourhood.pk])
    assert response.status_code == 302, "the greyed-out fields are not taken from what is sent"
    open_fund_round.refresh_from_db()
    assert open_fund_round.max_award == Decimal("1000.00")
    assert list(open_fund_round.neighbourhoods.all()) != [other_neighbourhood]
    # The service refuses them whatever calls it.
    open_fund_round.max_award = Decimal("50")
    with pytest.raises(ValidationError) as refused:
        services.update_round(fund_round=open_fund_round, neighbourhoods=[other_neighbourhood], criteria=None)
    assert refused.value.message_dict["max_award"] == [services.FIXED_MESSAGE]
    assert refused.value.message_dict["neighbourhoods"] == [services.FIXED_MESSAGE]


def test_the_budget_never_goes_below_what_is_awarded(client_for, staff, resident, open_fund_round):
    application = application_for(resident.resident, open_fund_round, amount=Decimal("900.00"))
    services.decide(application=application, award=Decimal("900.00"), reasons="Good.", actor=staff)
    page = client_for("staff").get(reverse("community:fund_round_edit", args=[open_fund_round.pk])).content.decode()
    assert "£900.00 has already been awarded: the budget cannot go below that" in page
    response = post(client_for, open_fund_round, budget="899.99")
    assert response.status_code == 400
    assert response.context["form"].errors["budget"] == [
        "£900.00 has already been awarded from this round: the budget cannot be less."
    ]
    assert response.context["form"]["budget"].value() == "899.99"
    response = post(client_for, open_fund_round, budget="999")
    assert response.context["form"].errors["budget"] == [
        "The budget cannot be less than the largest award (£1,000.00)."
    ], "the largest award is fixed once open, so the error is on the budget"
    r = post(client_for, open_fund_round, budget="1000")
    assert r.status_code == 302, r.context["form"].errors
    open_fund_round.refresh_from_db()
    assert open_fund_round.budget == Decimal("1000.00")
    # And the database holds it whatever writes the round.
    with pytest.raises(IntegrityError), transaction.atomic():
        FundRound.objects.filter(pk=open_fund_round.pk).update(budget=Decimal("899.00"), max_award=Decimal("800"))


def _scoring(fund_round, staff):
    ScrutinyPanelFactory()
    from panels.models import Panel

    fund_round.opens_at = timezone.now() - timedelta(days=30)
    fund_round.closes_at = timezone.now() - timedelta(days=1)
    fund_round.save()
    return services.create_scoring(fund_round=fund_round, panel=Panel.objects.get(slug="scrutiny"), actor=staff)


def test_weights_change_until_the_first_score_then_the_criteria_are_fixed(client_for, staff, resident, neighbourhood):
    fund_round = make_round([neighbourhood], opens_in=timedelta(days=-30), closes_in=timedelta(days=-1))
    for title in ("Lunch club", "Garden"):
        application_for(resident.resident, fund_round, title=title)
    scoring_round = _scoring(fund_round, staff)

    response = post(client_for, fund_round, criteria_text="Loneliness: 50\nLed by residents: 50")
    assert response.status_code == 400
    assert response.context["form"].errors["criteria_text"] == [
        "Scoring is set up with these criteria: change only their weights."
    ]
    weights = "Reduces loneliness and improves wellbeing: 50\nLed by residents: 25\nValue for money: 25"
    assert post(client_for, fund_round, criteria_text=weights).status_code == 302
    assert dict(scoring_round.criteria.values_list("name", "weight")) == {
        "Reduces loneliness and improves wellbeing": 50,
        "Led by residents": 25,
        "Value for money": 25,
    }, "the panel's scoring takes the new weights"
    assert [c.weight for c in fund_round.criteria.all()] == [50, 25, 25]

    option = scoring_round.options.first()
    Score.objects.create(
        option=option,
        criterion=Criterion.objects.filter(round=scoring_round).first(),
        resident=resident.resident,
        value=3,
    )
    page = client_for("staff").get(reverse("community:fund_round_edit", args=[fund_round.pk])).content.decode()
    assert "Fixed: the panel has started scoring against these criteria." in page
    moved = "Reduces loneliness and improves wellbeing: 40\nLed by residents: 30\nValue for money: 30"
    assert post(client_for, fund_round, criteria_text=moved).status_code == 302
    assert [c.weight for c in fund_round.criteria.all()] == [50, 25, 25], "the greyed-out criteria are not taken"
    with pytest.raises(ValidationError) as refused:
        services.update_round(
            fund_round=fund_round,
            neighbourhoods=list(fund_round.neighbourhoods.all()),
            criteria=[("Reduces loneliness and improves wellbeing", 100)],
        )
    assert refused.value.message_dict["criteria_text"] == [
        "The panel has started scoring: the criteria and their weights are fixed."
    ]
