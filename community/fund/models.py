"""The Community Fund: rounds of small grants that residents apply to, scored by a resident panel through
panels.scoring (one Option per submitted application, subject=the application) and decided by staff.

The round's budget is never exceeded: the round keeps a running total of what it has awarded, the database refuses
a total above the budget (a check constraint), and awards lock the round row first (services.decide).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from residents.models import Neighbourhood, Resident


class FundRound(models.Model):
    title = models.CharField(max_length=150)
    description = models.TextField("What the round is for", max_length=5000)
    priorities = models.TextField(
        "Priorities",
        max_length=3000,
        default="1. Tackling loneliness and improving wellbeing.\n2. Projects led by residents.",
    )
    budget = models.DecimalField("Total budget (£)", max_digits=10, decimal_places=2)
    max_award = models.DecimalField("Largest award (£)", max_digits=10, decimal_places=2)
    opens_at = models.DateTimeField("Opens")
    closes_at = models.DateTimeField("Closes (deadline)")
    residents_may_apply = models.BooleanField("Residents may apply for themselves", default=True)
    groups_may_apply = models.BooleanField("Constituted community groups may apply", default=True)
    partners_may_apply = models.BooleanField("Partner organisations may apply (through a resident)", default=False)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, related_name="fund_rounds", help_text="Projects must benefit residents of these."
    )
    asks_safeguarding = models.BooleanField("Ask how applicants keep people safe (safeguarding)", default=True)
    asks_insurance = models.BooleanField("Ask about public liability insurance", default=True)
    report_after_days = models.PositiveSmallIntegerField("Monitoring report due (days after the award)", default=90)
    scoring_round = models.OneToOneField(
        "panels.ScoringRound", null=True, blank=True, on_delete=models.SET_NULL, related_name="fund_round"
    )
    awarded_total = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"), editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-closes_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="fund_budget_positive"),
            models.CheckConstraint(
                condition=Q(max_award__gt=0) & Q(max_award__lte=models.F("budget")), name="fund_max_award_in_budget"
            ),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="fund_closes_after_opens"),
            # The guard against overspending: whatever code writes awards, the total cannot pass the budget.
            models.CheckConstraint(
                condition=Q(awarded_total__gte=0) & Q(awarded_total__lte=models.F("budget")),
                name="fund_awards_within_budget",
            ),
        ]

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @property
    def budget_left(self) -> Decimal:
        return self.budget - self.awarded_total


class FundCriterion(models.Model):
    """What the panel scores applications on; copied into the scoring round's criteria."""

    round = models.ForeignKey(FundRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=1000, blank=True)
    weight = models.PositiveSmallIntegerField(help_text="How much it counts, as a percentage of the total.")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1) & Q(weight__lte=100), name="fund_criterion_weight"),
            models.UniqueConstraint(fields=["round", "name"], name="fund_criterion_name_once"),
        ]

    def __str__(self):
        return self.name


class ApplicantType(models.TextChoices):
    RESIDENT = "resident", "Myself, as a resident"
    GROUP = "group", "A constituted community group"
    PARTNER = "partner", "A partner organisation working with residents"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft (not sent)"
    SUBMITTED = "submitted", "Submitted, being considered"
    AWARDED = "awarded", "Awarded in full"
    PART_AWARDED = "part_awarded", "Awarded in part"
    DECLINED = "declined", "Not funded"


DECIDED = [ApplicationStatus.AWARDED, ApplicationStatus.PART_AWARDED, ApplicationStatus.DECLINED]


class ApplicationQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("round", "resident")

    def submitted(self):
        return self.exclude(status=ApplicationStatus.DRAFT)

    def funded(self):
        return self.filter(status__in=[ApplicationStatus.AWARDED, ApplicationStatus.PART_AWARDED])

    def reports_outstanding(self):
        return self.funded().filter(report_due_at__isnull=False, report_submitted_at__isnull=True)

    def reminders_due(self, now):
        return self.reports_outstanding().filter(report_due_at__lte=now, report_reminded_at__isnull=True)

    def reports_overdue(self, now):
        return self.reports_outstanding().filter(report_due_at__lt=now)


class Application(models.Model):
    round = models.ForeignKey(FundRound, on_delete=models.PROTECT, related_name="applications")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="fund_applications")
    applicant_type = models.CharField("Who is applying", max_length=10, choices=ApplicantType.choices)
    group_name = models.CharField("Name of the group or organisation", max_length=150, blank=True)
    title = models.CharField("Name of the project", max_length=150)
    description = models.TextField("What the project will do", max_length=5000)
    neighbourhoods = models.ManyToManyField(Neighbourhood, related_name="+", verbose_name="Neighbourhoods it helps")
    beneficiaries = models.TextField("Who will benefit, and how", max_length=3000)
    beneficiary_count = models.PositiveIntegerField("How many people will benefit", null=True, blank=True)
    amount = models.DecimalField("Amount asked for (£)", max_digits=10, decimal_places=2, null=True, blank=True)
    budget_breakdown = models.TextField(
        "Budget breakdown",
        max_length=3000,
        blank=True,
        help_text="One item a line: what it is, a colon, then the cost, for example “Room hire: 120”. "
        "The lines must add up to the amount asked for.",
    )
    outcomes = models.TextField("What difference it will make (intended outcomes)", max_length=3000, blank=True)
    safeguarding = models.TextField("How you will keep people safe (safeguarding)", max_length=3000, blank=True)
    insurance = models.TextField("Public liability insurance", max_length=1000, blank=True)
    status = models.CharField(max_length=15, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    awarded_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    decision_reasons = models.TextField("Reasons for the decision", max_length=5000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Monitoring: a funded project reports back a set time after the award (reminded once, by beat).
    report_due_at = models.DateTimeField(null=True, blank=True)
    report_reminded_at = models.DateTimeField(null=True, blank=True)
    report_submitted_at = models.DateTimeField(null=True, blank=True)
    report_what_done = models.TextField("What the project did", max_length=3000, blank=True)
    report_people_reached = models.PositiveIntegerField("How many people it reached", null=True, blank=True)
    report_spend = models.TextField("How the money was spent", max_length=3000, blank=True)
    completed_at = models.DateTimeField("Project completed", null=True, blank=True)
    completion_summary = models.TextField("What the project did", max_length=3000, blank=True)
    update = models.ForeignKey(
        "residents.YouSaidWeDid", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "Community Fund application"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["round", "status"], name="fund_application_round_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.DRAFT) | Q(submitted_at__isnull=False, amount__gt=0),
                name="fund_submitted_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(awarded_amount__isnull=True)
                | (Q(awarded_amount__gt=0) & Q(awarded_amount__lte=models.F("amount"))),
                name="fund_award_within_ask",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED) | ~Q(decision_reasons=""), name="fund_decision_has_reasons"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | Q(status__in=[ApplicationStatus.AWARDED, ApplicationStatus.PART_AWARDED]),
                name="fund_only_funded_projects_complete",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT
