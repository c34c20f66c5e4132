"""A hand-counted world for the outcomes framework, seen on 16 February 2026 at noon (board_data.NOW).

The eight quarters shown run from April to June 2024 to January to March 2026; the figure held against a target is
the last four (April 2025 to now)."""

from datetime import date, timedelta
from decimal import Decimal

from community.walkabouts.models import WalkaboutIssue
from engagement.outcomes.models import OutcomeIndicator
from panels.models import Recommendation, Review
from panels.scrutiny.models import ManagementResponse
from residents.involvement.models import HoursEntry, HoursOrigin, Interest, InterestStatus, Outcome
from residents.models import (
    ComplaintStage,
    Feedback,
    FeedbackCategory,
    FeedbackKind,
    FeedbackStatus,
    UpdateStatus,
    YouSaidWeDid,
)
from surveys.services import tsm

from ..community.factories import plan
from ..factories import NeighbourhoodFactory, ResidentFactory, feedback_from
from ..panels.factories import PanelFactory
from ..residents.involvement_fixtures import OpportunityFactory
from ..surveys.fixtures import build_staff_survey, publish_to_staff
from ..surveys.results_data import choice, respond
from .board_data import at, when


def build_outcomes_world(staff) -> dict:
    """Satisfaction (Tenant Satisfaction Measures, one survey; counted responses only):
    - Ivy and Jon are involved (each gave feedback in May 2025), and Lou (1.5 hours volunteered in September 2025,
      below); Kim and Max are not (answering a survey is not involvement here).
    - TP01: Ivy "Very satisfied" (June 2025), Jon "Very dissatisfied" (November 2025); Kim "Fairly satisfied" (June
      2025), Lou "Very dissatisfied" (May 2024); an anonymous "Very satisfied" (June 2025, no resident: neither
      side); Max "Very satisfied" (June 2025) not counted (a second response from a household).
      Involved: 1 of 2 = 50.0% (April to June 2025: 100.0, October to December 2025: 0.0, and Lou's April to June
      2024: 0.0). Not involved: 1 of 1 = 100.0%.
    - TP06: Jon "Fairly satisfied" (November 2025): involved 100.0%. Kim "Don't know": outside the base, so not
      involved has no figure.

    Recommendations accepted wholly or partly, due by today: due 10 May 2025 done 1 May (in time), due 20 May 2025
    done 1 June (late), partly accepted due 1 December 2025 not done; due 1 June 2024 done 1 May 2024 (in time,
    before the last four quarters). Not counted: accepted but due 1 March 2026 (not yet), not accepted.
    -> 1 of 3 = 33.3% (April to June 2025: 50.0, October to December 2025: 0.0, April to June 2024: 100.0).

    "You said, we did": published 1 May 2025, 1 December 2025, 10 January 2026 (withdrawn since, still counted),
    1 July 2024; a draft. -> 3.

    Walkabout issues: due 1 May 2025 put right 28 April (on time), due 1 May 2025 put right 3 May (late), due 1
    December 2025 open (past its date), due 1 March 2026 put right 1 February (on time), due 1 March 2026 open
    (not due yet: not counted). -> 2 of 4 = 50.0%.

    Complaints: a stage answered 10 July 2025 by its deadline, one answered 10 August 2025 after it, one not
    answered. -> 1 of 2 = 50.0%.

    Staff pulse (a closed staff survey; its rating question): 2 responses in August 2025 (1 positive), 6 in
    November 2025 (4 positive); a response to a staff survey still open (not counted). Both quarters are hidden
    (August: 2 people; November: hidden so August cannot be worked out by subtraction), the last four quarters
    show 5 of 8 = 62.5%.

    Opportunities: "Repairs panel" serves stronger relationships and operational excellence: two residents
    accepted, one waiting; 3 confirmed hours on 1 June 2025, 2 on 1 June 2024 (before the last four quarters), 5
    unconfirmed. "Estate champions" serves improved resident experience: one accepted. "Gardening club" (a draft)
    serves no outcome; 1.5 confirmed hours logged on 1 September 2025 against no opportunity.
    """
    people = {name: ResidentFactory(first_name=name.title()) for name in ["ivy", "jon", "kim", "lou", "max", "ned"]}
    with at(2025, 5, 5):
        feedback_from(people["ivy"])
        feedback_from(people["jon"])

    survey = tsm.create_tsm_survey(reporting_year=2025, actor=staff)
    tp01, tp06 = survey.questions.get(code="TP01"), survey.questions.get(code="TP06")
    for resident, question, label, on, counted in [
        ("ivy", tp01, "Very satisfied", date(2025, 6, 1), 2025),
        ("jon", tp01, "Very dissatisfied", date(2025, 11, 1), 2025),
        ("kim", tp01, "Fairly satisfied", date(2025, 6, 10), 2025),
        ("lou", tp01, "Very dissatisfied", date(2024, 5, 1), 2024),
        (None, tp01, "Very satisfied", date(2025, 6, 1), 2025),
        ("max", tp01, "Very satisfied", date(2025, 6, 1), None),
        ("jon", tp06, "Fairly satisfied", date(2025, 11, 1), 2025),
        ("kim", tp06, "Don't know", date(2025, 6, 10), 2025),
    ]:
        respond(
            survey,
            {question: choice(question, label)},
            resident=people[resident] if resident else None,
            submitted_on=on,
            counted_year=counted,
        )

    review = Review.objects.create(panel=PanelFactory(), title="Repairs", scope="Repairs", reported_on=date(2024, 4, 1))
    for response, due, done in [
        (ManagementResponse.ACCEPTED, date(2025, 5, 10), (2025, 5, 1)),
        (ManagementResponse.ACCEPTED, date(2025, 5, 20), (2025, 6, 1)),
        (ManagementResponse.PARTLY, date(2025, 12, 1), None),
        (ManagementResponse.ACCEPTED, date(2024, 6, 1), (2024, 5, 1)),
        (ManagementResponse.ACCEPTED, date(2026, 3, 1), None),
        (ManagementResponse.NOT_ACCEPTED, date(2025, 6, 1), None),
    ]:
        Recommendation.objects.create(
            review=review,
            text="Answer repairs calls faster.",
            response=response,
            response_reasons="Agreed in part.",
            due_on=due,
            completed_at=when(*done) if done else None,
        )

    for published, status in [
        ((2025, 5, 1), UpdateStatus.PUBLISHED),
        ((2025, 12, 1), UpdateStatus.PUBLISHED),
        ((2026, 1, 10), UpdateStatus.WITHDRAWN),
        ((2024, 7, 1), UpdateStatus.PUBLISHED),
    ]:
        YouSaidWeDid.objects.create(
            title="Repairs are quicker",
            you_said="Repairs took too long.",
            we_did="We added a second team.",
            topic=FeedbackCategory.REPAIRS,
            everyone=True,
            status=status,
            published_at=when(*published),
            withdrawn_reason="The second team left." if status == UpdateStatus.WITHDRAWN else "",
        )
    YouSaidWeDid.objects.create(title="Draft", you_said="x", we_did="y", topic=FeedbackCategory.REPAIRS, everyone=True)

    with at(2025, 4, 1):
        walk = plan(NeighbourhoodFactory(name="North"), starts_in=timedelta(days=7))
    for due, closed in [
        (date(2025, 5, 1), (2025, 4, 28)),
        (date(2025, 5, 1), (2025, 5, 3)),
        (date(2025, 12, 1), None),
        (date(2026, 3, 1), (2026, 2, 1)),
        (date(2026, 3, 1), None),
    ]:
        with at(2025, 4, 10):
            feedback = feedback_from(people["ned"])
        if closed:
            Feedback.objects.filter(pk=feedback.pk).update(status=FeedbackStatus.CLOSED, closed_at=when(*closed))
        WalkaboutIssue.objects.create(walkabout=walk, feedback=feedback, location="The bin store", due_on=due)

    for responded, in_time in [((2025, 7, 10), True), ((2025, 8, 10), False), (None, False)]:
        with at(2025, 7, 1):
            complaint = feedback_from(people["ned"], kind=FeedbackKind.COMPLAINT, category=FeedbackCategory.REPAIRS)
        if responded:
            answered = when(*responded)
            ComplaintStage.objects.filter(feedback=complaint).update(
                responded_at=answered, response_due=answered + timedelta(days=1 if in_time else -1)
            )

    pulse = build_staff_survey(title="Staff pulse, autumn 2025")
    publish_to_staff(pulse, staff, opens_at=when(2025, 7, 1), closes_at=when(2025, 12, 31))
    rating = pulse.questions.get(position=1)
    for on, label, times in [
        (date(2025, 8, 5), "Very satisfied", 1),
        (date(2025, 8, 6), "Very dissatisfied", 1),
        (date(2025, 11, 5), "Fairly satisfied", 4),
        (date(2025, 11, 6), "Neither satisfied nor dissatisfied", 2),
    ]:
        respond(pulse, {rating: choice(rating, label)}, times=times, submitted_on=on)
    still_open = build_staff_survey(title="Staff pulse, winter")
    publish_to_staff(still_open, staff, opens_at=when(2026, 1, 5), closes_at=when(2026, 3, 31))
    open_rating = still_open.questions.get(position=1)
    respond(still_open, {open_rating: choice(open_rating, "Very satisfied")}, submitted_on=date(2026, 1, 6))

    repairs = OpportunityFactory(
        title="Repairs panel", outcomes=[Outcome.RELATIONSHIPS, Outcome.OPERATIONAL_EXCELLENCE]
    )
    champions = OpportunityFactory(title="Estate champions", outcomes=[Outcome.RESIDENT_EXPERIENCE])
    OpportunityFactory(title="Gardening club", outcomes=[])
    for opportunity, resident, status in [
        (repairs, "ivy", InterestStatus.ACCEPTED),
        (repairs, "jon", InterestStatus.ACCEPTED),
        (repairs, "kim", InterestStatus.PENDING),
        (champions, "lou", InterestStatus.ACCEPTED),
    ]:
        Interest.objects.create(opportunity=opportunity, resident=people[resident], availability="Any", status=status)
    for opportunity, resident, on, hours, confirmed in [
        (repairs, "ivy", date(2025, 6, 1), "3", True),
        (repairs, "jon", date(2024, 6, 1), "2", True),
        (repairs, "jon", date(2025, 7, 1), "5", False),
        (None, "lou", date(2025, 9, 1), "1.5", True),
    ]:
        HoursEntry.objects.create(
            resident=people[resident],
            opportunity=opportunity,
            on=on,
            hours=Decimal(hours),
            origin=HoursOrigin.LOGGED,
            confirmed_at=when(on.year, on.month, on.day) if confirmed else None,
        )
    return {"people": people, "repairs": repairs, "champions": champions}


def choose_all(outcome=Outcome.RELATIONSHIPS, *, target=50) -> list[OutcomeIndicator]:
    """Every indicator the portal computes, chosen for one outcome, at least `target`."""
    from engagement.outcomes.indicators import INDICATORS

    return [
        OutcomeIndicator.objects.create(outcome=outcome, indicator=indicator.code, target=target)
        for indicator in INDICATORS
    ]
