"""Involvement treated as volunteering with professional standards.

Every opportunity says where what residents tell us goes (its pathway to change), what they can and cannot
influence, the support on offer and which of the four outcomes of the outcomes framework it serves: it cannot be
published without a pathway to change and at least one outcome (checked by the form, the service and the
database). Residents express interest; staff accept them (with an induction checklist), decline them with a
reason, or place them in another opportunity. Hours come from attendance recorded by the features above
(sources.py) or are logged by the volunteer and confirmed by staff.

Everything here that is about a resident is deleted with their register entry (on_delete=CASCADE).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone

from ..people.models import InvolvementInterest, Neighbourhood, Resident


class OpportunityKind(models.TextChoices):
    PANEL_ROLE = "panel_role", "Panel role"
    WALKABOUT = "walkabout", "Walkabout volunteer"
    BLOCK_CHAMPION = "block_champion", "Block Champion"
    FOCUS_GROUP = "focus_group", "Focus group"
    MYSTERY_SHOPPER = "mystery_shopper", "Mystery shopper"
    CONTRACTOR_SELECTION = "contractor_selection", "Contractor selection"
    PLANNED_WORKS = "planned_works", "Planned works consultation"
    EVENT_VOLUNTEER = "event_volunteer", "Event volunteer"
    DIGITAL_CHAMPION = "digital_champion", "Digital champion"
    OTHER = "other", "Other"


# Which of the involvement interests a resident can tick in their preferences each kind of opportunity answers:
# a resident is told of a new opportunity when its kind answers one of theirs.
KIND_INTEREST = {
    OpportunityKind.PANEL_ROLE: InvolvementInterest.FORMAL,
    OpportunityKind.MYSTERY_SHOPPER: InvolvementInterest.FORMAL,
    OpportunityKind.CONTRACTOR_SELECTION: InvolvementInterest.FORMAL,
    OpportunityKind.FOCUS_GROUP: InvolvementInterest.LIGHTER,
    OpportunityKind.DIGITAL_CHAMPION: InvolvementInterest.LIGHTER,
    OpportunityKind.OTHER: InvolvementInterest.LIGHTER,
    OpportunityKind.WALKABOUT: InvolvementInterest.LOCAL,
    OpportunityKind.BLOCK_CHAMPION: InvolvementInterest.LOCAL,
    OpportunityKind.PLANNED_WORKS: InvolvementInterest.LOCAL,
    OpportunityKind.EVENT_VOLUNTEER: InvolvementInterest.LOCAL,
}


class TimeCommitment(models.TextChoices):
    ONE_OFF = "one_off", "One-off"
    FEW_HOURS_A_MONTH = "monthly", "A few hours a month"
    REGULAR = "regular", "Regular"


class Outcome(models.TextChoices):
    """The outcomes framework's four outcomes."""

    RELATIONSHIPS = "relationships", "Stronger relationships"
    STAFF_WELLBEING = "staff_wellbeing", "Improved staff wellbeing and motivation"
    RESIDENT_EXPERIENCE = "resident_experience", "Improved resident experience"
    OPERATIONAL_EXCELLENCE = "operational_excellence", "Operational excellence"


class Support(models.TextChoices):
    EXPENSES = "expenses", "Expenses paid"
    TRAINING = "training", "Training"
    ACCESSIBILITY = "accessibility", "Accessibility support"
    CHILDCARE = "childcare", "Childcare or care costs"


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"


# What an induction covers when the opportunity names no steps of its own.
DEFAULT_INDUCTION = [
    "Welcome conversation with the lead officer",
    "Role description, pathway to change and what the role can and cannot influence talked through",
    "Volunteer agreement and code of conduct signed",
    "How to claim expenses explained",
    "Safeguarding and data protection basics",
    "Who to contact for support",
]


class OpportunityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=OpportunityStatus.PUBLISHED)

    def open(self, today=None):
        """Published and not past its closing date: what the Get involved page lists."""
        return self.published().filter(closes_on__gte=today or timezone.localdate())

    def for_neighbourhood(self, neighbourhood_id: int):
        """Those in this neighbourhood and those open to residents anywhere."""
        return self.filter(Q(neighbourhood_id=neighbourhood_id) | Q(neighbourhood__isnull=True))

    def answering(self, interests: list[str]):
        """Those whose kind answers one of these involvement interests (KIND_INTEREST)."""
        return self.filter(kind__in=[kind for kind, interest in KIND_INTEREST.items() if interest in interests])


class Opportunity(models.Model):
    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=24, choices=OpportunityKind.choices)
    role_description = models.TextField(max_length=4000)
    time_commitment = models.CharField(max_length=12, choices=TimeCommitment.choices)
    time_detail = models.CharField(max_length=200, blank=True)
    where = models.CharField(max_length=200)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.PROTECT, related_name="opportunities"
    )
    pathway_to_change = models.TextField(max_length=2000, blank=True)
    can_influence = models.TextField(max_length=2000, blank=True)
    cannot_influence = models.TextField(max_length=2000, blank=True)
    support_offered = ArrayField(models.CharField(max_length=16, choices=Support.choices), default=list, blank=True)
    support_detail = models.CharField(max_length=300, blank=True)
    outcomes = ArrayField(models.CharField(max_length=24, choices=Outcome.choices), default=list, blank=True)
    closes_on = models.DateField()
    induction_steps = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["closes_on", "id"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["status", "closes_on"], name="opportunity_listed")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | (~Q(pathway_to_change="") & Q(outcomes__len__gt=0)),
                name="opportunity_published_has_pathway_and_outcome",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def outcome_labels(self) -> list[str]:
        return [Outcome(value).label for value in self.outcomes]

    @property
    def support_labels(self) -> list[str]:
        return [Support(value).label for value in self.support_offered]

    @property
    def publish_problems(self) -> list[str]:
        """Why it cannot be published yet (nothing when it can)."""
        problems = []
        if not self.pathway_to_change.strip():
            problems.append(
                "Say what the pathway to change is: where what residents tell us goes, who decides, by when."
            )
        if not self.outcomes:
            problems.append("Choose at least one outcome it serves.")
        return problems

    def induction_list(self) -> list[str]:
        steps = [line.strip() for line in self.induction_steps.splitlines() if line.strip()]
        return steps or DEFAULT_INDUCTION


class InterestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a reply"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Not this time"
    PLACED_ELSEWHERE = "placed", "Offered another role"


class InterestQuerySet(models.QuerySet):
    def of_user(self, user):
        return self.filter(resident__user=user)

    def accepted(self):
        return self.filter(status=InterestStatus.ACCEPTED)


class Interest(models.Model):
    """A resident's expression of interest in an opportunity, and what staff decided."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="interests")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="involvement_interests")
    availability = models.TextField(max_length=1000)
    support_needed = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=InterestStatus.choices, default=InterestStatus.PENDING)
    reason = models.TextField(max_length=1000, blank=True)
    placed_in = models.ForeignKey(Opportunity, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "resident"], name="interest_once_per_opportunity"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(reason=""), name="interest_declined_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="placed") | Q(placed_in__isnull=False), name="interest_placed_names_opportunity"
            ),
        ]

    def __str__(self):
        return f"Interest of resident {self.resident_id} in {self.opportunity_id}"


class InductionStep(models.Model):
    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="induction")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["interest", "position"], name="induction_step_once")]

    def __str__(self):
        return self.label


class HoursOrigin(models.TextChoices):
    ATTENDANCE = "attendance", "Attendance"
    LOGGED = "logged", "Logged by the volunteer"


class HoursQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def total(self) -> Decimal:
        return self.aggregate(total=Sum("hours"))["total"] or Decimal("0")


class HoursEntry(models.Model):
    """Time a resident gave. From attendance (a source object in any app, through the generic link, one entry per
    source and resident) or logged by the volunteer, which counts once staff confirm it."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="involvement_hours")
    opportunity = models.ForeignKey(Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="hours")
    on = models.DateField()
    hours = models.DecimalField(
        max_digits=4, decimal_places=2, validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(24)]
    )
    description = models.CharField(max_length=300, blank=True)
    origin = models.CharField(max_length=12, choices=HoursOrigin.choices)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("content_type", "object_id")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HoursQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name_plural = "hours entries"
        indexes = [
            models.Index(fields=["resident", "-on"], name="hours_of_resident"),
            models.Index(fields=["created_at"], condition=Q(confirmed_at__isnull=True), name="hours_to_confirm"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "resident"],
                condition=Q(content_type__isnull=False),
                name="hours_once_per_source",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="hours_in_a_day"),
            models.CheckConstraint(
                condition=Q(origin="logged") | Q(content_type__isnull=False, object_id__isnull=False),
                name="hours_attendance_has_source",
            ),
        ]

    def __str__(self):
        return f"{self.hours} hours on {self.on}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class OpportunityAlert(models.Model):
    """When a resident is next due the email telling them of new opportunities that fit their preferences.

    Set (due_at) when an opportunity that fits is published, no sooner than a week after the last one was sent;
    the beat task claims due rows with a conditional UPDATE, so each is sent exactly once."""

    resident = models.OneToOneField(Resident, on_delete=models.CASCADE, related_name="opportunity_alert")
    due_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["due_at"], condition=Q(due_at__isnull=False), name="alert_due")]

    def __str__(self):
        return f"Opportunity alert of resident {self.resident_id}"


# Training ------------------------------------------------------------------------------------------------


class Course(models.Model):
    """A training course for involved residents (scrutiny skills, chairing, safeguarding, data protection...)."""

    title = models.CharField(max_length=150, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    valid_for_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How long a completion lasts before it must be done again (empty: for good)."
    )

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class TrainingSessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(starts_at__gt=now or timezone.now())

    def with_places_taken(self):
        return self.annotate(taken=models.Count("bookings"))


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    where = models.CharField(max_length=200)
    places = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(places__gte=1), name="training_session_has_places")]

    def __str__(self):
        return f"{self.course} on {timezone.localtime(self.starts_at):%d %b %Y %H:%M}"


class TrainingBooking(models.Model):
    """A resident's place on a session, and its completion as staff recorded it."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="bookings")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="training")
    booked_at = models.DateTimeField(auto_now_add=True)
    completed_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-booked_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["session", "resident"], name="training_booked_once")]

    def __str__(self):
        return f"Place of resident {self.resident_id} on session {self.session_id}"

    def expired(self, today=None) -> bool:
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())


# Expenses ------------------------------------------------------------------------------------------------


class ExpenseKind(models.TextChoices):
    MILEAGE = "mileage", "Mileage (your own car)"
    TRAVEL = "travel", "Travel (bus, train, taxi, parking)"
    CARE = "care", "Care costs (childcare or care for someone)"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


MILEAGE_RATE = Decimal("0.45")  # pounds a mile: HMRC's approved mileage rate for volunteers' cars


def receipt_path(instance, filename: str) -> str:
    return f"involvement/receipts/{uuid.uuid4().hex}.{instance.receipt_extension}"


class ExpenseClaim(models.Model):
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="expense_claims")
    opportunity = models.ForeignKey(Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=ExpenseKind.choices)
    incurred_on = models.DateField()
    description = models.CharField(max_length=300)
    miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    receipt = models.FileField(upload_to=receipt_path, blank=True, max_length=200)
    receipt_content_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    reason = models.TextField(max_length=1000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # The member of staff who entered the claim for the resident (who phoned or has no account); empty when the
    # resident claimed themselves.
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="claim_queue")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive"),
            models.CheckConstraint(condition=~Q(status="refused") | ~Q(reason=""), name="claim_refused_has_reason"),
        ]

    RECEIPT_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

    def __str__(self):
        return f"Claim {self.pk} of resident {self.resident_id}"

    @property
    def receipt_extension(self) -> str:
        return self.RECEIPT_EXTENSIONS[self.receipt_content_type]
