"""Applying to the Community Fund: drafts, checked submission (deadline, maximum, eligibility, budget lines), what
the resident typed kept on error, their application's status and decision, and nobody else's."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from community.fund import permissions, services
from community.fund.models import ApplicantType, Application, ApplicationStatus
from residents.models import OutboundEmail

from ..factories import NeighbourhoodFactory
from .fund_fixtures import application_for, make_round

pytestmark = pytest.mark.django_db


def form_data(neighbourhood, **fields):
    return {
        "applicant_type": ApplicantType.RESIDENT,
        "title": "Tuesday lunch club",
        "description": "A weekly lunch for neighbours who live alone.",
        "neighbourhoods": [neighbourhood.pk],
        "beneficiaries": "Older residents living alone.",
        "beneficiary_count": "25",
        "amount": "300",
        "budget_breakdown": "Food: 250\nRoom hire: 50",
        "outcomes": "Fewer people feeling lonely.",
        "safeguarding": "Two volunteers at every session.",
        "insurance": "Covered by the association's policy.",
        "submit": "1",
    } | fields


def test_parse_budget_reads_lines_and_names_a_bad_one():
    assert services.parse_budget("Food: £1,250.50\n\nRoom hire: 50") == [
        ("Food", Decimal("1250.50")),
        ("Room hire", Decimal("50")),
    ]
    with pytest.raises(ValidationError, match="Line 2"):
        services.parse_budget("Food: 10\nRoom hire fifty")


def test_a_resident_submits_and_is_emailed(client_for, resident, open_fund_round, neighbourhood):
    response = client_for("resident").post(
        reverse("community:fund_apply", args=[open_fund_round.pk]), form_data(neighbourhood)
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:fund_application", args=[application.pk])
    assert application.status == ApplicationStatus.SUBMITTED and application.submitted_at
    assert list(application.neighbourhoods.all()) == [neighbourhood]
    assert OutboundEmail.objects.filter(key=f"fund-received-{application.pk}", to="resident@example.org").exists()


def test_a_budget_that_does_not_add_up_is_refused_next_to_the_field_and_the_typing_kept(
    client_for, resident, open_fund_round, neighbourhood
):
    data = form_data(neighbourhood, budget_breakdown="Food: 200\nRoom hire: 50", title="Our lunch club")
    response = client_for("resident").post(reverse("community:fund_apply", args=[open_fund_round.pk]), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "add up to £250.00 but you are asking for £300.00" in form.errors["budget_breakdown"][0]
    assert form["title"].value() == "Our lunch club" and "Food: 200" in form["budget_breakdown"].value()
    assert "Our lunch club" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": "1500", "budget_breakdown": "Food: 1500"}, "amount", "The most this round awards is £1,000.00"),
        ({"applicant_type": ApplicantType.PARTNER, "group_name": "Age UK"}, "applicant_type", "does not fund"),
        ({"applicant_type": ApplicantType.GROUP}, "group_name", "name of the group"),
        ({"safeguarding": ""}, "safeguarding", "keep people safe"),
        ({"beneficiary_count": ""}, "beneficiary_count", "how many"),
    ],
)
def test_submissions_refused_with_the_reason_by_the_field(
    client_for, resident, open_fund_round, neighbourhood, fields, field, message
):
    response = client_for("resident").post(
        reverse("community:fund_apply", args=[open_fund_round.pk]), form_data(neighbourhood, **fields)
    )
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert not Application.objects.exists()


def test_a_project_outside_the_rounds_neighbourhoods_is_refused(client_for, resident, open_fund_round, neighbourhood):
    elsewhere = NeighbourhoodFactory(name="Elsewhere")
    response = client_for("resident").post(
        reverse("community:fund_apply", args=[open_fund_round.pk]), form_data(elsewhere)
    )
    assert "must benefit residents" in response.context["form"].errors["neighbourhoods"][0]


def test_a_draft_is_saved_incomplete_then_sent_later(client_for, resident, open_fund_round, neighbourhood):
    client = client_for("resident")
    response = client.post(
        reverse("community:fund_apply", args=[open_fund_round.pk]),
        {
            "applicant_type": ApplicantType.RESIDENT,
            "title": "Half an idea",
            "description": "To finish.",
            "beneficiaries": "Us",
            "draft": "1",
        },
    )
    draft = Application.objects.get()
    assert response.status_code == 302 and draft.status == ApplicationStatus.DRAFT
    response = client.post(reverse("community:fund_application_edit", args=[draft.pk]), form_data(neighbourhood))
    draft.refresh_from_db()
    assert response.status_code == 302 and draft.status == ApplicationStatus.SUBMITTED
    # Once sent it cannot be changed.
    response = client.get(reverse("community:fund_application_edit", args=[draft.pk]))
    assert response.status_code == 302


def test_a_late_submission_is_refused_and_the_draft_kept(client_for, resident, open_fund_round, neighbourhood):
    draft = application_for(resident.resident, open_fund_round, submit=False)
    with time_machine.travel(open_fund_round.closes_at + timedelta(minutes=1)):
        assert not permissions.can_edit(resident, draft)
        with pytest.raises(ValidationError, match="closed on"):
            services.save(application=draft, neighbourhoods=[neighbourhood], submit=True)
        response = client_for("resident").get(reverse("community:fund_apply", args=[open_fund_round.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_the_applicant_sees_the_decision_and_its_reasons(client_for, resident, staff, submitted_fund_application):
    services.decide(
        application=submitted_fund_application,
        award=Decimal("200"),
        reasons="We funded the food, not the room.",
        actor=staff,
    )
    page = client_for("resident").get(reverse("community:fund_application", args=[submitted_fund_application.pk]))
    text = page.content.decode()
    assert "Awarded in part" in text and "We funded the food, not the room." in text and "£200.00" in text
    assert client_for("other_resident").get(page.wsgi_request.path).status_code == 404
    assert OutboundEmail.objects.filter(key=f"fund-decision-{submitted_fund_application.pk}").exists()


def test_a_round_not_yet_open_takes_no_applications(client_for, resident, neighbourhood):
    later = make_round([neighbourhood], opens_in=timedelta(days=3), closes_in=timedelta(days=20))
    response = client_for("resident").get(reverse("community:fund_apply", args=[later.pk]))
    assert response.status_code == 302
    assert (
        "Start an application"
        not in client_for("resident").get(reverse("community:fund_round", args=[later.pk])).content.decode()
    )
