"""The Board's panels, walkabouts and volunteering figures, and the walkabouts and volunteering activities, against
a hand-counted world. The period is the reporting year 2025 (1 April 2025 to 31 March 2026), seen on 16 February
2026 at noon (board_data.NOW)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from community.models import EventSignUp, EventSignUpStatus, Vote
from community.walkabouts.models import SignUp, SignUpStatus, WalkaboutIssue
from community.walkabouts.selectors import issue_figures
from community.walkabouts.services import report_figures
from engagement.board import selectors, upcoming
from panels.models import BoardReport, Meeting, Recommendation, Review
from panels.scrutiny.models import ManagementResponse
from residents.involvement.models import HoursEntry, HoursOrigin, Interest, InterestStatus, TrainingBooking
from residents.models import Feedback, FeedbackStatus, Tenure

from ..community.events_fixtures import make_event
from ..community.factories import plan
from ..community.plan_factories import ActionFactory, ActionPlanFactory, CommentFactory, ProposalFactory
from ..factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory, feedback_from
from ..panels.factories import PanelFactory
from ..residents.involvement_fixtures import OpportunityFactory, TrainingSessionFactory
from .board_data import at, filters_for, rows_of, table_in, when

pytestmark = pytest.mark.django_db


def _issue(walk, resident, *, due_on, closed_on=None):
    feedback = feedback_from(resident)
    if closed_on:
        Feedback.objects.filter(pk=feedback.pk).update(status=FeedbackStatus.CLOSED, closed_at=when(*closed_on))
    return WalkaboutIssue.objects.create(walkabout=walk, feedback=feedback, location="The bin store", due_on=due_on)


def _walk(neighbourhood, year, month, day):
    with at(year, month, day - 7 if day > 7 else 1):
        return plan(neighbourhood, starts_in=timedelta(days=7 if day > 7 else day - 1))


@pytest.fixture
def world(staff):
    """North: Ann, Bob, Cat, Eve, Fay (five homes); South: Dan (one home).

    Walks (all walkabouts): 31 May 2025 in North, Ann and Bob came (Cat cancelled), three issues: one put right on
    time, one late, one open and not yet due (1 March 2026). 10 January 2026 in South, Dan came, one issue open and
    past its date (1 February 2026). 1 March 2026 in North (still to come): Eve signed up. 10 January 2025 in
    North (before the period): Fay came.

    Volunteering: Ann accepted for a role on 1 July 2025, 3 and 2.5 confirmed hours in August and September, a
    course completed in September. Eve accepted in December 2024, a confirmed hour in December 2024, 4 unconfirmed
    hours in October 2025, a course completed in November 2024. Fay's interest is waiting for a reply.

    Panels (a new panel): meetings on 1 June 2025 (held), 1 July 2025 (cancelled), 1 March 2026 (to come), 1
    January 2025 (before). Reviews reported 1 May 2025 and 1 November 2025 (this reporting year), 1 March 2025 (the
    last). Recommendations: accepted and due 1 January 2026 (overdue), accepted and done, partly accepted and due
    1 March 2026, awaiting, not accepted. Reports to the Board: 1 June 2025 (answered), 1 December 2025 (not
    yet), 1 February 2025 (before)."""
    north, south = NeighbourhoodFactory(name="North"), NeighbourhoodFactory(name="South")
    north_block = BlockFactory(neighbourhood=north)
    people = {
        name: ResidentFactory(home=HomeFactory(block=north_block, tenure=Tenure.LCRA), first_name=name.title())
        for name in ("ann", "bob", "cat", "eve", "fay")
    }
    people["dan"] = ResidentFactory(home=HomeFactory(block=BlockFactory(neighbourhood=south)), first_name="Dan")

    may = _walk(north, 2025, 5, 31)
    january = _walk(south, 2026, 1, 10)
    march = _walk(north, 2026, 3, 1)
    before = _walk(north, 2025, 1, 10)
    for walk, name, status in [
        (may, "ann", SignUpStatus.GOING),
        (may, "bob", SignUpStatus.GOING),
        (may, "cat", SignUpStatus.CANCELLED),
        (january, "dan", SignUpStatus.GOING),
        (march, "eve", SignUpStatus.GOING),
        (before, "fay", SignUpStatus.GOING),
    ]:
        SignUp.objects.create(walkabout=walk, resident=people[name], status=status)
    with at(2025, 5, 31, 12):
        _issue(may, people["ann"], due_on=date(2025, 6, 10), closed_on=(2025, 6, 5))
        _issue(may, people["ann"], due_on=date(2025, 6, 10), closed_on=(2025, 6, 20))
        _issue(may, people["bob"], due_on=date(2026, 3, 1))
    with at(2026, 1, 10, 12):
        _issue(january, people["dan"], due_on=date(2026, 2, 1))

    opportunity = OpportunityFactory()
    for name, status, decided in [
        ("ann", InterestStatus.ACCEPTED, when(2025, 7, 1)),
        ("eve", InterestStatus.ACCEPTED, when(2024, 12, 1)),
        ("fay", InterestStatus.PENDING, None),
    ]:
        Interest.objects.create(
            opportunity=opportunity, resident=people[name], availability="Evenings", status=status, decided_at=decided
        )
    for name, on, hours, confirmed in [
        ("ann", date(2025, 8, 1), "3", True),
        ("ann", date(2025, 9, 1), "2.5", True),
        ("eve", date(2024, 12, 5), "1", True),
        ("eve", date(2025, 10, 1), "4", False),
    ]:
        HoursEntry.objects.create(
            resident=people[name],
            on=on,
            hours=Decimal(hours),
            origin=HoursOrigin.LOGGED,
            confirmed_at=when(on.year, on.month, on.day) if confirmed else None,
        )
    session = TrainingSessionFactory()
    TrainingBooking.objects.create(session=session, resident=people["ann"], completed_on=date(2025, 9, 10))
    TrainingBooking.objects.create(session=session, resident=people["eve"], completed_on=date(2024, 11, 1))
    TrainingBooking.objects.create(session=session, resident=people["fay"])

    panel = PanelFactory(name="Aardvark Panel", slug="aardvark")
    for starts, cancelled in [
        ((2025, 6, 1), False),
        ((2025, 7, 1), True),
        ((2026, 3, 1), False),
        ((2025, 1, 1), False),
    ]:
        Meeting.objects.create(
            panel=panel,
            title="Panel meeting",
            starts_at=when(*starts),
            ends_at=when(*starts) + timedelta(hours=2),
            reminder_due_at=when(*starts) - timedelta(days=1),
            cancelled_at=when(*starts) - timedelta(days=3) if cancelled else None,
        )
    reviews = [
        Review.objects.create(panel=panel, title=f"Review {n}", scope="Repairs", reported_on=reported)
        for n, reported in enumerate([date(2025, 5, 1), date(2025, 11, 1), date(2025, 3, 1)])
    ]
    for response, due, done in [
        (ManagementResponse.ACCEPTED, date(2026, 1, 1), False),
        (ManagementResponse.ACCEPTED, date(2025, 10, 1), True),
        (ManagementResponse.PARTLY, date(2026, 3, 1), False),
        (ManagementResponse.AWAITING, None, False),
        (ManagementResponse.NOT_ACCEPTED, None, False),
    ]:
        Recommendation.objects.create(
            review=reviews[0],
            text="Answer repairs calls faster.",
            response=response,
            response_reasons="" if response == ManagementResponse.AWAITING else "Agreed in part.",
            due_on=due,
            completed_at=when(2025, 9, 1) if done else None,
        )
    for submitted, answered in [((2025, 6, 1), True), ((2025, 12, 1), False), ((2025, 2, 1), True)]:
        BoardReport.objects.create(
            panel=panel,
            title="Repairs report",
            summary="What we found.",
            submitted_at=when(*submitted),
            response="Thank you." if answered else "",
            decided_on=date(*submitted) + timedelta(days=30) if answered else None,
            responded_at=when(*submitted) + timedelta(days=30) if answered else None,
        )
    return {"north": north, "south": south, "people": people, "may": may}


def test_walks_held_people_who_came_and_issues_put_right_on_time(world):
    section = upcoming.walkabouts_section(filters_for("y2025"))

    held = rows_of(table_in([section], "walkabouts-held"))
    # Held, people who came, issues logged: the March walk is still to come, the January 2025 one before the year
    assert held["Walkabout"] == [2, 3, 4]
    assert held["Explorer day"] == [0, 0, 0]
    assert held["All walks"] == [2, 3, 4]
    issues = rows_of(table_in([section], "walkabouts-issues"))
    assert issues == {
        "Logged": [4],
        "Put right": [2],
        "Put right or past their date": [3],  # the two put right and Dan's, past 1 February
        "Put right on time": [1],
    }
    on_time = next(h for h in section.headlines if h.label == "Put right on time")
    assert on_time.value == "33.3%"

    south = upcoming.walkabouts_section(filters_for("y2025", world["south"]))
    assert rows_of(table_in([south], "walkabouts-held"))["All walks"] == [1, 1, 1]
    assert next(h for h in south.headlines if h.label == "Put right on time").value == "0.0%"


def test_the_board_counts_issues_as_the_walk_report_does(world):
    issues = WalkaboutIssue.objects.filter(walkabout=world["may"])
    today = date(2026, 2, 16)

    assert issue_figures(issues, today=today) == report_figures(list(issues.for_report()), today=today)


def test_volunteers_hours_and_training_in_the_period(world):
    section = upcoming.volunteering_section(filters_for("y2025"))

    assert rows_of(table_in([section], "volunteering-figures")) == {
        "Volunteers accepted for a role": [2],  # Ann and Eve; Fay waits for a reply
        "Volunteers with hours confirmed in the period": [1],  # Ann; Eve's hour is before, her 4 unconfirmed
        "Hours confirmed (whole hours)": [5],
        "Training courses completed": [1],  # Ann's; Eve's was before the period, Fay has not finished
    }
    hours = next(h for h in section.headlines if h.label == "Hours confirmed")
    assert hours.value == "5.5"

    south = upcoming.volunteering_section(filters_for("y2025", world["south"]))
    assert rows_of(table_in([south], "volunteering-figures"))["Volunteers accepted for a role"] == [0]


def test_panels_meetings_reviews_recommendations_and_board_responses(world):
    section = upcoming.panels_section(filters_for("y2025"))

    # Members, meetings held, reviews completed this reporting year, reports to the Board, Board responses
    assert rows_of(table_in([section], "panels-members"))["Aardvark Panel"] == [0, 1, 2, 2, 1]
    recommendations = rows_of(table_in([section], "panels-recommendations"))
    # Recommendations, done, overdue
    assert recommendations["Accepted"] == [2, 1, 1]
    assert recommendations["Partly accepted"] == [1, 0, 0]
    assert recommendations["Awaiting response"] == [1, 0, 0]
    assert recommendations["Not accepted"] == [1, 0, 0]
    assert recommendations["All recommendations"] == [5, 1, 1]
    reviews = next(h for h in section.headlines if h.label == "Scrutiny reviews completed")
    assert reviews.value == "2 of 2"


def test_walkabouts_and_volunteering_count_in_the_reach(world):
    with at(2026, 2, 16, 12):
        section = selectors.involvement_section(filters_for("y2025"))
    reach = rows_of(table_in([section], "involvement-activities"))

    assert reach["Walkabouts"][0] == 3  # Ann, Bob, Dan; Eve's walk is to come, Fay's was before
    assert reach["Volunteering"][0] == 1  # Ann; Eve was accepted and worked before the period
    assert reach["Any of these"][0] == 3  # Ann, Bob and Dan (whose issues are feedback too), and nobody else


def test_events_attended_and_action_plans_shaped_count_in_the_reach(world):
    """Cat came to a coffee morning in October 2025 and Eve to one in March 2025 (before the period); Fay signed up
    in October but did not come. On North's plan Fay commented in June 2025, Cat voted in November 2025, and Dan
    suggested an action in January 2025 (before the period)."""
    people = world["people"]
    october, before = when(2025, 10, 4), when(2025, 3, 1)
    coffee, earlier = (
        make_event(starts_at=october, ends_at=october + timedelta(hours=2)),
        make_event(starts_at=before, ends_at=before + timedelta(hours=2)),
    )
    for event, name, came in [(coffee, "cat", True), (coffee, "fay", False), (earlier, "eve", True)]:
        EventSignUp.objects.create(event=event, resident=people[name], status=EventSignUpStatus.BOOKED, attended=came)
    action = ActionFactory(plan=ActionPlanFactory(neighbourhood=world["north"], year=2025))
    with at(2025, 6, 1):
        CommentFactory(plan=action.plan, resident=people["fay"])
    with at(2025, 11, 1):
        Vote.objects.create(plan=action.plan, action=action, resident=people["cat"], slot=1)
    with at(2025, 1, 10):
        ProposalFactory(plan=action.plan, resident=people["dan"])

    with at(2026, 2, 16, 12):
        section = selectors.involvement_section(filters_for("y2025"))
    reach = rows_of(table_in([section], "involvement-activities"))

    assert reach["Events and focus groups"][0] == 1  # Cat; Fay did not come, Eve's was before the period
    assert reach["Neighbourhood Action Plans"][0] == 2  # Fay and Cat; Dan's suggestion was before the period
    assert reach["Any of these"][0] == 5  # Ann, Bob and Dan (walks), and Cat and Fay (new); Eve still not
