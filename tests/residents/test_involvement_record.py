"""What changed because of a resident's involvement, on their record: "You said, we did" entries citing scrutiny
recommendations of panels they sat on, action plan actions they proposed, voted for or commented on, issues found on
walks they joined and Community Fund projects they applied for, and the recommendations themselves. Each feature's
part shows for the resident behind it and never for another. The record costs the same queries however much lies
behind it. Staff open a resident's record from the register and log hours and claims for them."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from community.models import Action, Vote
from community.walkabouts import services as walkabout_services
from community.walkabouts.models import SignUp, SignUpStatus
from panels.models import MembershipStatus, Recommendation
from residents.involvement.selectors import record_for
from residents.models import (
    ClaimStatus,
    ExpenseClaim,
    ExpenseKind,
    HoursEntry,
    HoursOrigin,
    Resident,
    UpdateStatus,
    YouSaidWeDid,
    YouSaidWeDidSource,
)

from ..community.factories import plan as plan_walkabout
from ..community.fund_fixtures import application_for, make_round
from ..community.plan_factories import ActionFactory, ActionPlanFactory, CommentFactory, ProposalFactory
from ..community.walkabout_fixtures import issue_spec
from ..factories import ResidentFactory
from ..panels.factories import MembershipFactory, PanelFactory
from ..panels.scrutiny_fixtures import make_review
from ..querycount import queries_for_get


def published_entry(*sources, title: str) -> YouSaidWeDid:
    entry = YouSaidWeDid.objects.create(
        title=title,
        you_said="You told us.",
        we_did="We did it.",
        topic="repairs",
        everyone=True,
        status=UpdateStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    YouSaidWeDidSource.objects.bulk_create(
        YouSaidWeDidSource(entry=entry, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        for obj in sources
    )
    return entry


def changes_of(resident: Resident) -> set[str]:
    return {entry.title for entry in record_for(resident)["changes"]}


def led_to_of(resident: Resident) -> list:
    return record_for(resident)["led_to"]


# Scrutiny --------------------------------------------------------------------------------------------------------


@pytest.fixture
def reviewed(db):
    """A review that ran from 100 days ago until its report 10 days ago, with one recommendation cited by an entry."""
    panel = PanelFactory(name="Repairs Panel")
    review = make_review(
        panel,
        title="How repairs are booked",
        created_at=timezone.now() - timedelta(days=100),
        reported_on=timezone.localdate() - timedelta(days=10),
    )
    recommendation = Recommendation.objects.create(review=review, text="Offer evening appointments.")
    published_entry(recommendation, title="Evening repairs appointments")
    return panel, review, recommendation


def test_a_member_of_the_panel_while_the_review_ran_sees_its_recommendations_and_the_entries_citing_them(
    resident, other_resident, reviewed
):
    panel, review, recommendation = reviewed
    today = timezone.localdate()
    MembershipFactory(panel=panel, resident=resident.resident)  # a year ago to two years ahead: a current member
    MembershipFactory(panel=panel, resident=other_resident.resident, term_starts=today - timedelta(days=5))
    stepped_down = MembershipFactory(
        panel=panel,
        status=MembershipStatus.STEPPED_DOWN,
        term_starts=today - timedelta(days=400),
        term_ends=today - timedelta(days=90),
    ).resident
    left_before = MembershipFactory(
        panel=panel, status=MembershipStatus.ENDED, term_ends=today - timedelta(days=101)
    ).resident
    applied = MembershipFactory(panel=panel, status=MembershipStatus.APPLIED, term_starts=None, term_ends=None).resident

    assert changes_of(resident.resident) == {"Evening repairs appointments"}
    [row] = led_to_of(resident.resident)
    assert row.kind == "Scrutiny recommendation"
    assert row.title == "Offer evening appointments."
    assert row.came_from == "Repairs Panel: How repairs are booked"
    assert row.status == "Awaiting response"
    assert row.url == reverse("panels:recommendation_detail", args=[recommendation.pk])
    # Sat on the panel for part of the review, and has stepped down: shown, with no link they could not open.
    assert changes_of(stepped_down) == {"Evening repairs appointments"}
    assert [(r.title, r.url) for r in led_to_of(stepped_down)] == [("Offer evening appointments.", None)]
    # Joined after the report, left before the review began, or never accepted: nothing.
    for someone in (other_resident.resident, left_before, applied):
        assert changes_of(someone) == set()
        assert led_to_of(someone) == []


def test_a_recommendation_shows_where_it_has_got_to(resident, staff, reviewed):
    panel, review, recommendation = reviewed
    MembershipFactory(panel=panel, resident=resident.resident)
    Recommendation.objects.filter(pk=recommendation.pk).update(
        response="accepted", response_reasons="Agreed.", due_on=timezone.localdate() - timedelta(days=1)
    )
    assert led_to_of(resident.resident)[0].status == "Accepted, overdue"
    Recommendation.objects.filter(pk=recommendation.pk).update(completed_at=timezone.now())
    assert led_to_of(resident.resident)[0].status == "Accepted, done"


# Neighbourhood Action Plans ----------------------------------------------------------------------------------


def test_entries_citing_actions_the_resident_proposed_voted_for_or_commented_on(resident, other_resident):
    me = resident.resident
    action_plan = ActionPlanFactory(neighbourhood=me.home.block.neighbourhood)
    proposed = ActionFactory(plan=action_plan, proposed_by=me)
    voted = ActionFactory(plan=action_plan)
    Vote.objects.create(plan=action_plan, action=voted, resident=me, slot=1)
    commented = ActionFactory(plan=action_plan)
    CommentFactory(plan=action_plan, action=commented, resident=me)
    from_proposal = ActionFactory(plan=action_plan)
    ProposalFactory(plan=action_plan, resident=me, action=from_proposal, status="accepted")
    untouched = ActionFactory(plan=action_plan)
    CommentFactory(plan=action_plan, action=None, resident=me)  # about the plan, not an action
    for action, title in [
        (proposed, "Proposed"),
        (voted, "Voted"),
        (commented, "Commented"),
        (from_proposal, "From a proposal"),
        (untouched, "Untouched"),
    ]:
        published_entry(action, title=title)

    assert changes_of(me) == {"Proposed", "Voted", "Commented", "From a proposal"}
    assert changes_of(other_resident.resident) == set()
    assert Action.objects.count() == 5


# Walkabouts ----------------------------------------------------------------------------------------------------


def test_entries_citing_issues_found_on_walks_the_resident_joined(resident, other_resident, staff):
    me = resident.resident
    neighbourhood = me.home.block.neighbourhood
    walk = plan_walkabout(neighbourhood, lead=staff, starts_in=timedelta(days=2))
    walkabout_services.sign_up(walkabout=walk, user=resident, resident=me, added_by=resident)
    SignUp.objects.create(walkabout=walk, resident=other_resident.resident, status=SignUpStatus.CANCELLED)
    raiser = ResidentFactory(home=me.home)
    issue = walkabout_services.log_issue(walkabout=walk, spec=issue_spec(raiser), logged_by=staff).issue
    other_walk = plan_walkabout(neighbourhood, lead=staff, starts_in=timedelta(days=3))
    other_issue = walkabout_services.log_issue(walkabout=other_walk, spec=issue_spec(raiser), logged_by=staff).issue
    published_entry(issue, title="Bins cleared")
    published_entry(other_issue, title="Another walk")

    assert changes_of(me) == {"Bins cleared"}
    assert changes_of(raiser) == {"Bins cleared", "Another walk"}  # they raised both
    assert changes_of(other_resident.resident) == set()  # cancelled their place


# Community Fund --------------------------------------------------------------------------------------------------


def test_entries_citing_community_fund_projects_the_resident_applied_for(resident, other_resident, neighbourhood):
    fund_round = make_round([neighbourhood])
    application = application_for(resident.resident, fund_round, title="Lunch club")
    published_entry(application, title="The lunch club is running")

    assert changes_of(resident.resident) == {"The lunch club is running"}
    assert changes_of(other_resident.resident) == set()


# Unpublished entries, feedback, the pages and the data download ------------------------------------------------


def test_only_published_entries_show_and_feedback_still_counts(resident, other_resident):
    from ..factories import feedback_from

    feedback = feedback_from(resident.resident)
    published_entry(feedback, title="Your feedback")
    draft = published_entry(feedback, title="A draft")
    YouSaidWeDid.objects.filter(pk=draft.pk).update(status=UpdateStatus.DRAFT)
    assert changes_of(resident.resident) == {"Your feedback"}
    assert changes_of(other_resident.resident) == set()


def test_my_involvement_and_the_data_download_show_what_changed(client_for, resident, other_resident, reviewed):
    panel, review, recommendation = reviewed
    MembershipFactory(panel=panel, resident=resident.resident)
    client = client_for("resident")
    page = client.get(reverse("residents:my_involvement")).content.decode()
    assert "Evening repairs appointments" in page
    assert "Offer evening appointments." in page
    assert reverse("panels:recommendation_detail", args=[recommendation.pk]) in page
    data = json.loads(client.get(reverse("residents:data_export")).content)["involvement"]["what_changed"]
    assert [entry["title"] for entry in data["you_said_we_did"]] == ["Evening repairs appointments"]
    assert data["also_led_to"] == [
        {
            "kind": "Scrutiny recommendation",
            "title": "Offer evening appointments.",
            "status": "Awaiting response",
            "came_from": "Repairs Panel: How repairs are booked",
            "date": timezone.localdate(recommendation.created_at).isoformat(),
        }
    ]
    other = client_for("other_resident").get(reverse("residents:my_involvement")).content.decode()
    assert "Evening repairs appointments" not in other
    assert "Offer evening appointments." not in other


# Query counts ------------------------------------------------------------------------------------------------------


def grow_what_changed(resident: Resident, count: int, *, staff) -> None:
    """`count` more of each: recommendations of reviews on the resident's panel, actions they voted for or
    commented on, issues on a walk they joined and fund applications, each cited by a published entry; and as many
    again that are someone else's."""
    me = resident
    panel = PanelFactory()
    MembershipFactory(panel=panel, resident=me)
    action_plan = ActionPlanFactory(neighbourhood=me.home.block.neighbourhood, year=2000 + Action.objects.count())
    walk = plan_walkabout(me.home.block.neighbourhood, lead=staff, starts_in=timedelta(days=2))
    SignUp.objects.create(walkabout=walk, resident=me, status=SignUpStatus.GOING)
    fund_round = make_round([me.home.block.neighbourhood])
    someone = ResidentFactory(home=me.home)
    for n in range(count):
        review = make_review(panel, title=f"Review {n}")
        recommendation = Recommendation.objects.create(review=review, text=f"Recommendation {n}")
        action = ActionFactory(plan=action_plan)
        CommentFactory(plan=action_plan, action=action, resident=me)
        issue = walkabout_services.log_issue(walkabout=walk, spec=issue_spec(someone), logged_by=staff).issue
        application = application_for(me, fund_round, title=f"Project {n}")
        theirs = application_for(someone, fund_round, title=f"Their project {n}")
        published_entry(recommendation, action, issue, application, title=f"Entry {n}")
        published_entry(theirs, title=f"Their entry {n}")


@pytest.mark.parametrize(
    ("persona", "url", "expected"),
    [
        # Two more with the Block Champions' activity sources (their roles, the issues they logged)
        ("resident", lambda resident: reverse("residents:my_involvement"), 11),
        ("staff", lambda resident: reverse("residents:resident_involvement", args=[resident.pk]), 11),
    ],
    ids=["my-involvement", "staff-record"],
)
def test_the_record_costs_the_same_however_much_changed(client_for, resident, staff, persona, url, expected):
    client = client_for(persona)
    grow_what_changed(resident.resident, 2, staff=staff)
    small = queries_for_get(client, url(resident.resident))
    grow_what_changed(resident.resident, 40, staff=staff)
    large = queries_for_get(client, url(resident.resident))
    assert small.count == large.count, f"{small}\n\n{large}"
    assert small.count == expected, small
    assert len(record_for(resident.resident)["changes"]) == 20  # the newest 20 of 42
    assert len(record_for(resident.resident)["led_to"]) == 20


# Staff: the record from the register, hours and claims logged on a resident's behalf ------------------------------


def test_the_register_entry_links_to_the_involvement_record(client_for, resident):
    page = client_for("staff").get(reverse("residents:resident_detail", args=[resident.resident.pk])).content
    assert reverse("residents:resident_involvement", args=[resident.resident.pk]).encode() in page


def test_staff_see_the_record_with_unconfirmed_hours_and_claims(client_for, resident, own_hours, own_claim):
    page = client_for("staff").get(reverse("residents:resident_involvement", args=[resident.resident.pk]))
    text = page.content.decode()
    assert "Leafleting" in text
    assert "Unconfirmed" in text
    assert reverse("residents:involvement_claim", args=[own_claim.pk]) in text


def test_staff_log_confirmed_hours_for_a_resident_without_an_account(client_for, staff):
    someone = ResidentFactory()
    client = client_for("staff")
    url = reverse("residents:resident_involvement_hours", args=[someone.pk])
    today = timezone.localdate().isoformat()
    response = client.post(url, {"on": today, "hours": "30", "description": "Stuffed envelopes"})
    assert response.status_code == 200
    assert "Enter at most 24 hours for one day." in response.content.decode()
    assert 'value="Stuffed envelopes"' in response.content.decode()  # what was typed is kept
    assert not HoursEntry.objects.exists()

    response = client.post(url, {"on": today, "hours": "2.5", "description": "Stuffed envelopes"})
    assert response.status_code == 302
    assert response.url == reverse("residents:resident_involvement", args=[someone.pk])
    entry = HoursEntry.objects.get()
    assert (entry.resident, entry.hours, entry.origin) == (someone, Decimal("2.5"), HoursOrigin.LOGGED)
    assert entry.confirmed_at is not None
    assert entry.confirmed_by == staff  # who logged them
    record = client.get(response.url).content.decode()
    assert "Stuffed envelopes" in record
    assert "Confirmed: <strong>2.50 hours</strong>" in record


def test_staff_log_an_expenses_claim_for_a_resident(client_for, resident):
    me = resident.resident
    client = client_for("staff")
    url = reverse("residents:resident_involvement_claim", args=[me.pk])
    today = timezone.localdate().isoformat()
    response = client.post(url, {"kind": ExpenseKind.MILEAGE, "incurred_on": today, "description": "Panel meeting"})
    assert response.status_code == 200
    assert "Enter the miles you drove." in response.content.decode()
    assert not ExpenseClaim.objects.exists()

    response = client.post(
        url, {"kind": ExpenseKind.MILEAGE, "incurred_on": today, "description": "Panel meeting", "miles": "10"}
    )
    assert response.status_code == 302
    claim = ExpenseClaim.objects.get()
    assert (claim.resident, claim.status, claim.description) == (me, ClaimStatus.SUBMITTED, "Panel meeting")
    # Who entered it is kept, and shown to whoever decides it.
    staff_user = response.wsgi_request.user
    assert claim.logged_by == staff_user
    decide_page = client.get(reverse("residents:involvement_claim", args=[claim.pk])).content.decode()
    assert f"{staff_user.full_name} (staff), for {me.full_name}" in decide_page
    # The resident sees it on their own record.
    assert "Panel meeting" not in client_for("other_resident").get(reverse("residents:my_involvement")).content.decode()
    assert f"£{claim.amount}" in client_for("resident").get(reverse("residents:my_involvement")).content.decode()
