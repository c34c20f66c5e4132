"""Surveys: what staff build (Survey, Question, Choice), who is asked (SurveyWave, Invitation) and what comes
back (Response, Answer).

Every publication of a survey is a wave: a one-off survey has a single wave, a rolling programme one per
period. Choice questions (single, multiple, rating scale, yes/no) all store their options as Choice rows, so
every result is one GROUP BY over Answer. Anonymous responses keep no link to the resident or invitation once
submitted (the link is cleared on submit, the response id is random and the day is all that is kept of the
time); what they keep is a coarse snapshot (neighbourhood, tenure, equality answers) for breakdowns, which are
only ever shown with small groups suppressed.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from residents.models import Channel, Home, Neighbourhood, OutboundEmail, Resident, Tenure


class SurveyKind(models.TextChoices):
    SATISFACTION = "satisfaction", "Satisfaction"
    TRANSACTIONAL = "transactional", "Transactional (after a service)"
    CONSULTATION = "consultation", "Consultation"
    PULSE = "pulse", "Pulse (a few quick questions)"
    TSM = "tsm", "Tenant Satisfaction Measures"


class Anonymity(models.TextChoices):
    ANONYMOUS = "anonymous", "Anonymous"
    CONFIDENTIAL = "confidential", "Confidential"
    NAMED = "named", "Named"


ANONYMITY_PROMISE = {
    Anonymity.ANONYMOUS: (
        "This survey is anonymous. Once you send your answers, nothing links them to you: we only know that "
        "you have answered, so we do not ask you again. If something in your home is dangerous, please also "
        "report it to us directly: we cannot tell where an anonymous answer came from."
    ),
    Anonymity.CONFIDENTIAL: (
        "This survey is confidential. We keep your answers with your record so we do not ask you twice, but "
        "staff only ever see totals, never your own answers. The one exception: if you tell us about something "
        "dangerous in your home, such as damp, mould or a smell of gas, we pass it to our repairs team to put right."
    ),
    Anonymity.NAMED: (
        "Your name is kept with your answers, so the staff running this survey can see what you said and "
        "follow it up with you."
    ),
}


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class AudienceKind(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    NEIGHBOURHOODS = "neighbourhoods", "Chosen neighbourhoods"
    TENURE = "tenure", "One tenure"
    CHOSEN = "chosen", "A hand-picked list of residents"
    SAMPLE = "sample", "A random sample (stratified by neighbourhood and tenure)"
    PANEL = "panel", "A panel's current members (such as the Together Panel)"
    STAFF = "staff", "Staff (a staff pulse survey, always anonymous)"


class WaveCadence(models.TextChoices):
    ONCE = "once", "Once"
    MONTHLY = "monthly", "Every month"
    QUARTERLY = "quarterly", "Every three months"


class SurveyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=SurveyStatus.PUBLISHED)

    def open(self, now=None):
        now = now or timezone.now()
        return self.published().filter(opens_at__lte=now).filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))


class Survey(models.Model):
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=SurveyKind.choices, default=SurveyKind.SATISFACTION)
    anonymity = models.CharField(
        max_length=16,
        choices=Anonymity.choices,
        default=Anonymity.CONFIDENTIAL,
        help_text="Residents are told this before they start.",
    )
    introduction = models.TextField(blank=True, help_text="Shown to residents before the first question.")
    # Consultations say plainly what residents can change and how their answers will be used.
    can_influence = models.TextField("what residents can influence", blank=True)
    cannot_influence = models.TextField("what residents cannot influence", blank=True)
    how_results_used = models.TextField("how the results will be used", blank=True)

    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)

    audience = models.CharField(max_length=16, choices=AudienceKind.choices, default=AudienceKind.EVERYONE)
    audience_neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="+")
    audience_tenure = models.CharField(max_length=8, choices=Tenure.choices, blank=True)
    audience_residents = models.ManyToManyField(Resident, blank=True, related_name="+")
    # Its members on the day each wave goes: someone who joins later is asked by the next wave.
    audience_panel = models.ForeignKey(
        "panels.Panel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sample_size = models.PositiveIntegerField(null=True, blank=True, help_text="Residents per wave, for a sample.")
    cadence = models.CharField(max_length=12, choices=WaveCadence.choices, default=WaveCadence.ONCE)
    wave_count = models.PositiveSmallIntegerField(default=1)

    reminder_after_days = models.PositiveSmallIntegerField(default=7)
    reminder_limit = models.PositiveSmallIntegerField("reminders at most", default=2)

    locked = models.BooleanField(default=False, help_text="A regulator's template: its wording cannot be edited.")
    reporting_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="TSM reporting year, by the year it starts (1 April)."
    )

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(opens_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(wave_count__gte=1), name="survey_at_least_one_wave"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == SurveyStatus.PUBLISHED
            and self.opens_at is not None
            and self.opens_at <= now
            and (self.closes_at is None or now < self.closes_at)
        )

    @property
    def anonymity_promise(self) -> str:
        return ANONYMITY_PROMISE[self.anonymity]


class SurveyWave(models.Model):
    """One sending of a survey: its audience counted, who was left out and why, and when it went."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    audience_size = models.PositiveIntegerField(default=0)
    invited = models.PositiveIntegerField(default=0)
    exclusions = models.JSONField(default=dict, blank=True, help_text="Reason -> residents left out.")
    # Sending walks the wave's invitations in id order, a batch at a time: the fan-out writes them in one
    # statement, so they lie between its first and last id, and the wave remembers how far it has got.
    last_invitation_id = models.BigIntegerField(null=True, blank=True)
    queued_through_id = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="one_wave_number_per_survey")]

    def __str__(self):
        return f"{self.survey} wave {self.number}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    SCALE = "scale", "Rating scale"
    YES_NO = "yes_no", "Yes or no"
    TEXT = "text", "Free text"


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.YES_NO}


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField("question", max_length=500)
    help_text = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=True)
    code = models.CharField(max_length=12, blank=True, help_text="A measure code such as TP01.")
    show_if_choice = models.ForeignKey(
        "Choice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only ask this question when this answer was given to an earlier question.",
    )

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "position"],
                name="one_question_per_position",
                deferrable=models.Deferrable.DEFERRED,  # reordering swaps positions inside one transaction
            )
        ]

    def __str__(self):
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def scale_labels(self) -> tuple[str, ...]:
        return tuple(choice.label for choice in self.choices.all())


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)
    positive = models.BooleanField(default=False, help_text="Counts as satisfied (or agree) in a measure.")
    outside_base = models.BooleanField(
        default=False, help_text="Don't know or not applicable: left out of the base of a percentage."
    )

    class Meta:
        ordering = ["question", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "position"], name="one_choice_per_position")]

    def __str__(self):
        return self.label


INVITATION_SIGNER_SALT = "surveys.invitation"


def invitation_signer() -> signing.Signer:
    return signing.Signer(salt=INVITATION_SIGNER_SALT, algorithm="sha256")


class InvitationChannel(models.TextChoices):
    EMAIL = "email", "Email"
    OFFLINE = "offline", "Phone or paper (no email address)"


class InvitationQuerySet(models.QuerySet):
    def by_token(self, token: str):
        """The invitation a link's token names, or none when the token was not made by this portal."""
        try:
            pk = int(invitation_signer().unsign(token))
        except (signing.BadSignature, ValueError):
            return self.none()
        return self.filter(pk=pk)


class Invitation(models.Model):
    """One per resident per survey. The token is the resident's way in from the email, without a password.

    Publishing writes one row per resident of the register in a single statement, so this table carries only
    what the fan-out must have. The token is not stored: it is the invitation's id signed with the portal's
    secret key (HMAC-SHA256, like Django's password reset links), so it cannot be guessed or forged and needs
    no column or unique index. The links to the survey, wave and resident are kept by the application
    (Django's on_delete) rather than by database foreign keys: the fan-out selects its rows from those very
    tables, and a database check on each of 100,000 rows costs more than writing them. Measured with the
    bench at 100,000 residents (median of 5 rounds): publishing took 4.4x a committed COPY of the same rows
    without them, and 11.7x with the three foreign keys back (10x, 8.8x with only some of them), past the 6x
    target, so they stay off.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", db_index=False, db_constraint=False
    )
    wave = models.ForeignKey(
        SurveyWave, on_delete=models.CASCADE, related_name="invitations", db_index=False, db_constraint=False
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="survey_invitations", db_index=False, db_constraint=False
    )
    channel = models.CharField(max_length=8, choices=InvitationChannel.choices)
    created_at = models.DateTimeField(default=timezone.now)
    email = models.ForeignKey(
        OutboundEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_contacted_at = models.DateTimeField(null=True, blank=True)
    responded = models.BooleanField(default=False)
    responded_on = models.DateField(null=True, blank=True)
    opted_out_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "resident"], name="one_invitation_per_resident"),
        ]
        indexes = [
            models.Index(fields=["resident", "created_at"], name="invitation_resident_recent"),
            models.Index(fields=["email"], name="invitation_email", condition=Q(email__isnull=False)),
            # Reminders: non-responders reached by email, by when they were last contacted.
            models.Index(
                fields=["last_contacted_at"],
                name="invitation_reminder_due",
                condition=Q(channel="email", responded=False, opted_out_at__isnull=True, email__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.survey} for {self.resident}"

    @property
    def token(self) -> str:
        return invitation_signer().sign(str(self.pk))


class StaffInvitation(models.Model):
    """A member of staff (role staff) asked to answer a staff survey (AudienceKind.STAFF: the staff pulse). They
    answer signed in, and a staff survey is always anonymous: the response keeps no link to them, and this row
    keeps only that they answered and on which day, so they are not asked twice.

    Kept apart from Invitation, which is the register's fan-out table (a row per resident, written in one
    statement without checked foreign keys, walked by email batches, reminders and opt-outs that are all about a
    resident): a few hundred staff rows need none of that, and nothing that serves residents has to learn about
    a second kind of person. Response needs no change: an anonymous response already has no resident."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="staff_invitations")
    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="staff_invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations")
    created_at = models.DateTimeField(default=timezone.now)
    responded = models.BooleanField(default=False)
    responded_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="one_staff_invitation_per_user")]
        indexes = [models.Index(fields=["user", "-created_at"], name="staff_invitation_user_recent")]

    def __str__(self):
        return f"{self.survey} for staff member {self.user_id}"


class Response(models.Model):
    # A random id: the order of anonymous responses says nothing about who sent them when.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Kept for confidential and named surveys; for anonymous ones only while it is a draft.
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.SET_NULL, null=True, blank=True, related_name="survey_responses"
    )
    home = models.ForeignKey(Home, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.PORTAL)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Answers saved to come back to later: question id -> list of choice ids, or text. Answer rows are
    # written only on submit, so results never see a half-finished response.
    draft = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_on = models.DateField(null=True, blank=True)
    # A coarse snapshot for breakdowns, taken on submit.
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    tenure = models.CharField(max_length=8, choices=Tenure.choices, blank=True)
    age_band = models.CharField(max_length=10, blank=True)
    sex = models.CharField(max_length=10, blank=True)
    ethnicity = models.CharField(max_length=10, blank=True)
    disability = models.CharField(max_length=10, blank=True)
    # Tenant Satisfaction Measures count one response per household per reporting year.
    counted_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["counted_year", "home"],
                condition=Q(counted_year__isnull=False),
                name="one_counted_response_per_household_per_year",
            )
        ]
        indexes = [models.Index(fields=["survey", "submitted_on"], name="response_survey_submitted")]

    def __str__(self):
        return f"Response to {self.survey}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_on is not None


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")  # results filter by survey
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["survey", "question", "choice"], name="answer_results")]
        constraints = [
            models.CheckConstraint(condition=Q(choice__isnull=False) | ~Q(text=""), name="answer_has_choice_or_text"),
            models.UniqueConstraint(fields=["response", "question", "choice"], name="one_answer_per_choice"),
            models.UniqueConstraint(
                fields=["response", "question"], condition=Q(choice__isnull=True), name="one_text_answer_per_question"
            ),
        ]

    def __str__(self):
        return f"Answer to {self.question_id}"


class FlaggedAnswer(models.Model):
    """A free-text answer that mentions a possible hazard (damp, gas, a leak...). One row per answer at most, so
    flagging twice never makes a second feedback item. The feedback item is the resident's, in the hazards queue;
    an anonymous answer has no resident, so it is flagged here only and shown to staff with the survey's results."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="hazard_flag")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    words = ArrayField(models.CharField(max_length=40), default=list)
    feedback = models.ForeignKey(
        "residents.Feedback", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["survey", "created_at"], name="flagged_answer_survey")]

    def __str__(self):
        return f"Possible hazard in answer {self.answer_id}"


class TsmApproach(models.Model):
    """One reporting year of Tenant Satisfaction Measures: the parts of the summary of approach that staff write,
    and what staff chose to publish (a copy of the results and approach at that moment, so the public page shows
    exactly what was checked, whatever arrives later)."""

    reporting_year = models.PositiveSmallIntegerField(unique=True)
    sampling_method = models.TextField(
        "how residents were chosen", blank=True, help_text="For example: a census of all households, or a sample."
    )
    conducted_by = models.TextField("who ran the survey", blank=True)
    weighting = models.TextField(blank=True, default="No weighting was applied.")
    exclusions = models.TextField("households left out, and why", blank=True)
    incentives = models.TextField("incentives offered", blank=True, default="None.")
    other_notes = models.TextField("anything else readers should know", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    published = models.JSONField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-reporting_year"]
        indexes = [
            models.Index(fields=["-reporting_year"], name="tsm_published_year", condition=Q(published_at__isnull=False))
        ]

    def __str__(self):
        return f"Tenant Satisfaction Measures {self.reporting_year} to {self.reporting_year + 1}"
