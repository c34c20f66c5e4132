"""Demo Community Fund (run by seed_demo): a round that has closed, been scored by the Resident Scrutiny Panel and
decided (an award in full, one in part with its monitoring report due, one overdue, one declined, one still being
considered), and an open round with the demo resident's draft and others' sent applications, so every fund page
has something to show on a first `make run`. Made directly, without the services' emails to demo residents."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from panels.models import Membership, Panel
from panels.scoring import services as scoring
from panels.scoring.models import Score
from residents.models import Neighbourhood, Resident

from . import services
from .models import ApplicantType, Application, ApplicationStatus, FundCriterion, FundRound

DEMO_RESIDENT_EMAIL = "resident@demo.example"
CRITERIA = [("Reduces loneliness and improves wellbeing", 40), ("Led by residents", 30), ("Value for money", 30)]
PROJECTS = [
    # title, description, amount, budget lines, decision (award, reasons) or None
    (
        "Tuesday lunch club",
        "A weekly hot lunch in the community room for neighbours who live alone.",
        "900.00",
        "Food for 30 weeks: 750\nRoom hire: 150",
        ("900.00", "The panel scored it highest: it reaches people who live alone every week."),
    ),
    (
        "Alder House garden",
        "Raised beds and seating in the courtyard, planted and looked after by residents.",
        "1000.00",
        "Timber and compost: 600\nPlants and seeds: 250\nBench: 150",
        ("600.00", "We fund the beds and plants; the bench is covered by the estate improvement budget."),
    ),
    (
        "Digital drop-in",
        "Help with phones, tablets and online forms, every other Thursday in the library.",
        "450.00",
        "Volunteer expenses: 200\nTablets to borrow: 250",
        ("450.00", "A clear need: many residents asked for help getting online."),
    ),
    (
        "Street party",
        "A summer street party on Mill Lane.",
        "1000.00",
        "Stage hire: 700\nFood: 300",
        (None, "The panel scored it low on reaching people who are lonely; we suggest the events team's summer fair."),
    ),
    (
        "Knit and natter",
        "A weekly knitting group with tea, open to everyone.",
        "300.00",
        "Wool and needles: 180\nTea and biscuits: 120",
        "undecided",
    ),
]
OPEN_PROJECTS = [
    ("Men's walking group", "Weekly walks around the estate and the park.", "250.00", "Maps and flasks: 250"),
    ("Homework club", "A quiet room with volunteers to help children with homework.", "800.00", "Room hire: 800"),
]


def _round(title, neighbourhoods, opens_at, closes_at, actor=None) -> FundRound:
    fund_round = FundRound.objects.create(
        title=title,
        description="Grants of up to £1,000 for projects that bring neighbours together and improve wellbeing.",
        budget=Decimal("3000.00"),
        max_award=Decimal("1000.00"),
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor,
    )
    fund_round.neighbourhoods.set(neighbourhoods)
    FundCriterion.objects.bulk_create(FundCriterion(round=fund_round, name=n, weight=w) for n, w in CRITERIA)
    return fund_round


def _application(fund_round, resident, neighbourhood, project, *, status, submitted_at=None):
    title, description, amount, lines = project[:4]
    application = Application.objects.create(
        round=fund_round,
        resident=resident,
        applicant_type=ApplicantType.RESIDENT,
        title=title,
        description=description,
        beneficiaries="Residents of the estate, especially those who live alone.",
        beneficiary_count=20,
        amount=Decimal(amount),
        budget_breakdown=lines,
        outcomes="More neighbours who know each other and feel less alone.",
        safeguarding="Two volunteers at every session.",
        insurance="Covered by the tenants' association's policy.",
        status=status,
        submitted_at=submitted_at,
    )
    application.neighbourhoods.set([neighbourhood])
    return application


@transaction.atomic
def seed_demo_fund() -> str:
    if FundRound.objects.exists():
        return "Demo Community Fund: already present, left as they were."
    neighbourhoods = list(Neighbourhood.objects.order_by("name"))
    demo_resident = Resident.objects.filter(user__email=DEMO_RESIDENT_EMAIL).first()
    others = list(Resident.objects.exclude(user__email=DEMO_RESIDENT_EMAIL).order_by("-id")[: len(PROJECTS) + 2])
    if not neighbourhoods or demo_resident is None or len(others) < len(PROJECTS) + 2:
        return ""
    now = timezone.now()
    neighbourhood = demo_resident.home.block.neighbourhood

    # A round that closed four months ago: scored, decided, monitoring due.
    closed = _round("Autumn 2026 Community Fund", neighbourhoods, now - timedelta(days=180), now - timedelta(days=120))
    applicants = [demo_resident, *others[: len(PROJECTS) - 1]]
    sent = [
        _application(
            closed,
            resident,
            neighbourhood,
            project,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=closed.closes_at - timedelta(days=10 - number),
        )
        for number, (resident, project) in enumerate(zip(applicants, PROJECTS, strict=True))
    ]
    panel = Panel.objects.filter(slug="scrutiny").first()
    scorers = list(
        Resident.objects.filter(pk__in=Membership.objects.current().filter(panel=panel).values("resident_id"))[:4]
    )
    if panel is not None and scorers:
        scoring_round = services.create_scoring(fund_round=closed, panel=panel, actor=None)
        scoring.open_round(scoring_round=scoring_round)
        criteria = list(scoring_round.criteria.all())
        options = list(scoring_round.options.order_by("pk"))
        Score.objects.bulk_create(
            Score(option=option, criterion=criterion, resident=scorer, value=max(0, 5 - o - (s + c) % 2))
            for o, option in enumerate(options)
            for s, scorer in enumerate(scorers)
            for c, criterion in enumerate(criteria)
        )
        scoring.close_round(
            scoring_round=scoring_round,
            chosen=options[0],
            reasons="Scores passed to staff, who decide each application with reasons.",
        )
    decided_at = closed.closes_at + timedelta(days=20)
    for number, (application, project) in enumerate(zip(sent, PROJECTS, strict=True)):
        decision = project[4]
        if decision == "undecided":
            continue
        award, reasons = decision
        application.decision_reasons, application.decided_at = reasons, decided_at
        if award is None:
            application.status = ApplicationStatus.DECLINED
        else:
            application.awarded_amount = Decimal(award)
            in_full = application.awarded_amount == application.amount
            application.status = ApplicationStatus.AWARDED if in_full else ApplicationStatus.PART_AWARDED
            # The first report is due in a fortnight, the second is overdue, the third has been sent.
            application.report_due_at = [now + timedelta(days=14), now - timedelta(days=10), now - timedelta(days=30)][
                number
            ]
            if number == 1:
                application.report_reminded_at = application.report_due_at
            if number == 2:
                application.report_reminded_at = application.report_due_at
                application.report_submitted_at = now - timedelta(days=32)
                application.report_what_done = "Twelve drop-ins; 41 residents helped, 9 of them now bank online."
                application.report_people_reached = 41
                application.report_spend = "Volunteer expenses £190; two tablets £250."
        application.save()
    closed.awarded_total = closed.applications.aggregate(total=Sum("awarded_amount"))["total"] or 0
    closed.save(update_fields=["awarded_total"])

    # A round open now: the demo resident's draft and two sent applications.
    open_round = _round("Spring 2027 Community Fund", neighbourhoods, now - timedelta(days=7), now + timedelta(days=30))
    _application(
        open_round,
        demo_resident,
        neighbourhood,
        ("Coffee morning", "A monthly coffee morning in the Alder House lounge.", "150.00", "Coffee and cake: 150"),
        status=ApplicationStatus.DRAFT,
    )
    for resident, project in zip(others[len(PROJECTS) - 1 :], OPEN_PROJECTS, strict=False):
        _application(open_round, resident, neighbourhood, project, status=ApplicationStatus.SUBMITTED, submitted_at=now)
    return "Demo Community Fund: made a decided round with scores and awards, and an open round."
