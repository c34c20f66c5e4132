"""Opportunities: staff write and publish them (never without a pathway to change and an outcome), the public Get
involved page lists and filters them beside the light-touch ways in, a linked resident expresses interest, and
staff accept, decline with a reason or place them elsewhere, then tick off the induction."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from residents.involvement import services
from residents.models import (
    InductionStep,
    Interest,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
    OutboundEmail,
)
from tests.factories import NeighbourhoodFactory

from .involvement_fixtures import OpportunityFactory, published


def page(response) -> str:
    return response.content.decode()


def form_data(**overrides) -> dict:
    data = {
        "title": "Choose our next repairs contractor",
        "kind": "contractor_selection",
        "role_description": "Meet the bidders and score their answers with staff.",
        "time_commitment": "one_off",
        "time_detail": "Two afternoons in May",
        "where": "Head office, Leeds",
        "neighbourhood": "",
        "pathway_to_change": "Your scores go to the procurement panel, who award the contract by June.",
        "can_influence": "Which contractor wins.",
        "cannot_influence": "The contract's budget.",
        "support_offered": ["expenses", "childcare"],
        "support_detail": "Mileage at 45p a mile.",
        "outcomes": ["resident_experience", "operational_excellence"],
        "closes_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "induction_steps": "",
        "action": "publish",
    }
    return data | overrides


@pytest.fixture
def staff_client(client_for, staff):
    return client_for("staff")


def test_staff_publish_an_opportunity_with_every_field(staff_client, staff):
    response = staff_client.post(reverse("residents:involvement_create"), form_data())
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert opportunity.status == OpportunityStatus.PUBLISHED and opportunity.published_at
    assert opportunity.support_offered == ["expenses", "childcare"]
    assert opportunity.outcomes == ["resident_experience", "operational_excellence"]
    assert opportunity.created_by == staff
    listed = page(staff_client.get(reverse("residents:involvement_list")))
    assert "Choose our next repairs contractor" in listed


@pytest.mark.parametrize(
    ("missing", "field", "message"),
    [
        ({"pathway_to_change": "  "}, "pathway_to_change", "Say what the pathway to change is"),
        ({"outcomes": []}, "outcomes", "Choose at least one outcome"),
    ],
)
def test_publishing_without_a_pathway_or_an_outcome_is_refused_next_to_the_field(staff_client, missing, field, message):
    response = staff_client.post(reverse("residents:involvement_create"), form_data(**missing))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert "There is a problem" in page(response)
    assert 'value="Choose our next repairs contractor"' in page(response), "what was typed is kept"
    assert not Opportunity.objects.exists()


def test_a_draft_may_be_saved_without_a_pathway_and_then_not_published(staff_client):
    staff_client.post(
        reverse("residents:involvement_create"), form_data(pathway_to_change="", outcomes=[], action="save")
    )
    draft = Opportunity.objects.get()
    assert draft.status == OpportunityStatus.DRAFT
    response = staff_client.post(
        reverse("residents:involvement_edit", args=[draft.pk]), form_data(pathway_to_change="")
    )
    assert "pathway_to_change" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.status == OpportunityStatus.DRAFT


def test_the_service_and_the_database_refuse_to_publish_without_a_pathway_or_outcome(db):
    draft = OpportunityFactory(pathway_to_change="", outcomes=[])
    with pytest.raises(Exception, match="pathway to change"):
        services.publish_opportunity(opportunity=draft)
    with pytest.raises(IntegrityError), transaction.atomic():
        Opportunity.objects.filter(pk=draft.pk).update(status=OpportunityStatus.PUBLISHED)


def test_a_published_opportunity_can_be_closed(staff_client, open_opportunity):
    staff_client.post(reverse("residents:involvement_close", args=[open_opportunity.pk]))
    open_opportunity.refresh_from_db()
    assert open_opportunity.status == OpportunityStatus.CLOSED
    assert open_opportunity.title not in page(staff_client.get(reverse("residents:involvement_list")))


# The Get involved page -------------------------------------------------------------------------------------


def test_get_involved_lists_open_opportunities_only_beside_the_light_touch_ways(client, draft_opportunity):
    published(title="Walkabout volunteer", kind="walkabout")
    past = published(title="Old role")
    Opportunity.objects.filter(pk=past.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    text = page(client.get(reverse("residents:involvement_list")))
    assert "Walkabout volunteer" in text
    assert "A draft role" not in text and "Old role" not in text
    assert "Answer a survey" in text and "Give us feedback" in text


def test_get_involved_filters_by_kind_time_and_neighbourhood(client, db):
    millfield, hillside = NeighbourhoodFactory(name="Millfield"), NeighbourhoodFactory(name="Hillside")
    published(title="Millfield champion", kind="block_champion", time_commitment="regular", neighbourhood=millfield)
    published(title="Hillside walkabout", kind="walkabout", time_commitment="one_off", neighbourhood=hillside)
    published(title="Digital champion anywhere", kind="digital_champion", time_commitment="monthly")
    url = reverse("residents:involvement_list")

    def titles(**query):
        return {o.title for o in client.get(url, query).context["page"]}

    assert titles(kind="walkabout") == {"Hillside walkabout"}
    assert titles(time_commitment="regular") == {"Millfield champion"}
    assert titles(neighbourhood=millfield.pk) == {"Millfield champion", "Digital champion anywhere"}
    response = client.get(url, {"kind": "nonsense"})
    assert response.status_code == 200 and "kind" in response.context["form"].errors


def test_a_draft_has_no_public_page(client, draft_opportunity):
    assert client.get(reverse("residents:involvement_detail", args=[draft_opportunity.pk])).status_code == 404


def test_the_public_page_shows_the_pathway_and_what_can_and_cannot_be_influenced(client, open_opportunity):
    text = page(client.get(reverse("residents:involvement_detail", args=[open_opportunity.pk])))
    assert "Repairs Board, who decide by March" in text
    assert "Which repairs contractor we choose" in text and "The overall budget" in text
    assert "Improved resident experience" in text


# Expressing interest -------------------------------------------------------------------------------------------


def test_a_linked_resident_expresses_interest_and_is_told_we_have_it(client_for, resident, open_opportunity):
    client = client_for("resident")
    url = reverse("residents:involvement_interest", args=[open_opportunity.pk])
    response = client.post(url, {"availability": "Weekday evenings", "support_needed": "A hearing loop"})
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert (interest.resident, interest.availability, interest.support_needed) == (
        resident.resident,
        "Weekday evenings",
        "A hearing loop",
    )
    assert OutboundEmail.objects.filter(key=f"involvement-interest-received:{interest.pk}", to=resident.email).exists()
    # A second time: nothing new, and they are sent to their record.
    again = client.post(url, {"availability": "Any time"})
    assert again.status_code == 302 and Interest.objects.count() == 1


def test_interest_without_availability_is_refused_and_keeps_what_was_typed(client_for, resident, open_opportunity):
    response = client_for("resident").post(
        reverse("residents:involvement_interest", args=[open_opportunity.pk]), {"support_needed": "Childcare"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["availability"] == ["Tell us when you are available."]
    assert "Childcare" in page(response)
    assert not Interest.objects.exists()


def test_a_closed_opportunity_takes_no_interest(client_for, resident, closed_opportunity):
    url = reverse("residents:involvement_interest", args=[closed_opportunity.pk])
    assert client_for("resident").post(url, {"availability": "Evenings"}).status_code == 404


# Staff decisions and induction ---------------------------------------------------------------------------


def decide_url(interest) -> str:
    return reverse("residents:involvement_decide", args=[interest.pk])


def test_staff_accept_and_the_volunteer_gets_an_induction_checklist(staff_client, own_interest, resident):
    staff_client.post(decide_url(own_interest), {"decision": "accept"})
    own_interest.refresh_from_db()
    assert own_interest.status == InterestStatus.ACCEPTED
    steps = list(InductionStep.objects.filter(interest=own_interest))
    assert len(steps) == 6
    assert OutboundEmail.objects.filter(key=f"involvement-decision:{own_interest.pk}").exists()

    staff_client.post(
        reverse("residents:involvement_induction", args=[own_interest.pk]), {"step": steps[0].pk, "done": "1"}
    )
    steps[0].refresh_from_db()
    assert steps[0].done_at is not None
    assert "Mark as not done" in page(staff_client.get(decide_url(own_interest)))


def test_declining_needs_a_reason_which_the_resident_sees(staff_client, own_interest, client_for):
    response = staff_client.post(decide_url(own_interest), {"decision": "decline"})
    assert response.context["form"].errors["reason"] == ["Give the reason: the resident is told it."]
    staff_client.post(decide_url(own_interest), {"decision": "decline", "reason": "All places are filled."})
    own_interest.refresh_from_db()
    assert (own_interest.status, own_interest.reason) == (InterestStatus.DECLINED, "All places are filled.")
    assert "All places are filled." in page(client_for("resident").get(reverse("residents:my_involvement")))


def test_staff_place_a_resident_in_another_opportunity(staff_client, own_interest):
    other = published(title="Digital champion", kind="digital_champion")
    response = staff_client.post(decide_url(own_interest), {"decision": "place", "placed_in": other.pk})
    placed = Interest.objects.get(opportunity=other)
    assert response.status_code == 302 and response["Location"] == decide_url(placed)
    own_interest.refresh_from_db()
    assert (own_interest.status, own_interest.placed_in) == (InterestStatus.PLACED_ELSEWHERE, other)
    assert placed.status == InterestStatus.ACCEPTED and placed.induction.count() == 6


def test_a_decision_is_made_once(staff_client, own_interest, staff):
    services.accept_interest(interest=own_interest, actor=staff)
    response = staff_client.post(decide_url(own_interest), {"decision": "decline", "reason": "Changed my mind"})
    own_interest.refresh_from_db()
    assert own_interest.status == InterestStatus.ACCEPTED
    assert "This has been decided already: accepted." in page(response)


def test_a_resident_sees_only_their_own_interest_on_their_record(client_for, own_interest, other_resident):
    assert own_interest.opportunity.title in page(client_for("resident").get(reverse("residents:my_involvement")))
    assert own_interest.opportunity.title not in page(
        client_for("other_resident").get(reverse("residents:my_involvement"))
    )


def test_the_demo_seed_publishes_two_opportunities_once(neighbourhood):
    from residents.involvement.demo import seed_demo_involvement

    assert seed_demo_involvement().startswith("Demo involvement: 2 published opportunities")
    assert seed_demo_involvement() == ""
    assert Opportunity.objects.open().count() == 2
