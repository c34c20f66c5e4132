"""People and places: users and roles, the resident register, preferences and equality monitoring."""

import re
import secrets

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Collate, Lower, Upper
from django.utils import timezone


class Role(models.TextChoices):
    RESIDENT = "resident", "Resident"
    STAFF = "staff", "Staff"
    BOARD = "board", "Board member"
    ADMIN = "admin", "Administrator"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.RESIDENT)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["role"] = Role.ADMIN
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A portal account. Email is the login; the role decides which parts of the portal open."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.RESIDENT)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Goes up whenever one of the account's two-factor authenticators is added or removed (whatever adds or
    # removes it), so a session that remembered whether two-factor authentication is on knows to look again.
    mfa_version = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.full_name or self.email

    @property
    def is_staff(self) -> bool:
        """Django admin access: administrators only."""
        return self.is_active and self.role == Role.ADMIN

    def has_perm(self, perm, obj=None) -> bool:
        # The role decides what an account may do: an administrator may do everything in the Django admin
        # (is_superuser is not set when an account is made an administrator through the role).
        return (self.is_active and self.role == Role.ADMIN) or super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return (self.is_active and self.role == Role.ADMIN) or super().has_module_perms(app_label)

    @property
    def is_resident(self) -> bool:
        return self.role == Role.RESIDENT

    @property
    def is_staff_member(self) -> bool:
        return self.role in (Role.STAFF, Role.ADMIN)

    @property
    def is_board_member(self) -> bool:
        return self.role == Role.BOARD

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Tenure(models.TextChoices):
    LCRA = "lcra", "Low-cost rental"
    LCHO = "lcho", "Low-cost home ownership"


class Neighbourhood(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Block(models.Model):
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="blocks")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["neighbourhood", "name"], name="block_unique_in_neighbourhood")]

    def __str__(self):
        return self.name


POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the inward code: ' se1 7pb ' -> 'SE1 7PB'."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_valid_postcode(value: str) -> bool:
    return bool(POSTCODE_RE.match(normalise_postcode(value)))


class Home(models.Model):
    """A home the association owns or manages, keyed by the landlord's property reference."""

    property_reference = models.CharField(max_length=40, unique=True)
    block = models.ForeignKey(Block, on_delete=models.PROTECT, related_name="homes")
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, db_index=True)
    tenure = models.CharField(max_length=8, choices=Tenure.choices)

    class Meta:
        ordering = ["postcode", "address_line_1"]

    def __str__(self):
        return self.address

    @property
    def address(self) -> str:
        return join_address(self.address_line_1, self.address_line_2, self.town, self.postcode)


def join_address(*parts: str) -> str:
    """An address on one line, from its lines, town and postcode (blank ones left out)."""
    return ", ".join(p for p in parts if p)


# Residents are listed by surname, then first name, in capitals, letter by letter (the "C" collation, the same on
# every database), so that one index both finds where names start and gives them in order.
NAME_KEYS = {"last_key": Collate(Upper("last_name"), "C"), "first_key": Collate(Upper("first_name"), "C")}

# What a row of the register (and of a search for a survey's hand-picked list) shows.
LISTED_FIELDS = (
    *("first_name", "last_name", "tenancy_reference", "user_id"),
    *("home__address_line_1", "home__address_line_2", "home__town", "home__postcode"),
    *("home__block__neighbourhood__name",),
)


class ResidentQuerySet(models.QuerySet):
    def with_home(self):
        return self.select_related("home__block__neighbourhood")

    def listed(self):
        """Residents as a list of them shows each one: name, home, neighbourhood, tenancy and whether they have
        an account, in one query with their homes."""
        return self.with_home().only(*LISTED_FIELDS)

    def search(self, text: str, *, neighbourhood: int | None = None):
        """The residents a staff search finds (see search_matches), in name order."""
        parts = [part.values("pk") for part in self._search_parts(text, neighbourhood)]
        return self.filter(pk__in=_union(parts)) if parts else self

    def search_matches(self, text: str, *, neighbourhood: int | None = None):
        """What a staff search finds as (pk, last_key, first_key) rows in name order, read from the name indexes
        alone for a search by name: page these, then read the page's residents by pk, so that only those are
        joined to their homes (joined to every match, a search for "b" read a tenth of the register's homes)."""
        parts = self._search_parts(text, neighbourhood) or [self.model.objects.annotate(**NAME_KEYS).order_by()]
        keys = ("pk", "last_key", "first_key")
        return _union([part.values_list(*keys) for part in parts]).order_by(*keys[1:], "pk")

    def _search_parts(self, text: str, neighbourhood: int | None) -> list[models.QuerySet]:
        """The staff search of the register, as querysets whose union is what it finds (none when it finds
        everyone). Each kind of search reads an index: an email address, a postcode, a resident or tenancy
        reference, or the start of first or last names ("ok" finds Okafor; "am ok" finds Amina Okafor). Empty
        text finds everyone (in the neighbourhood, if one is given).

        A search by name is the union of those whose surname starts with its longest word (the rarest start) and
        those whose first name does but not their surname: each half is read from its name index alone
        (resident_name_order, resident_first_name_prefix), which holds the names, so 600 Hills are found without
        reading 600 rows (one condition with OR on both names would read them all)."""
        text = " ".join((text or "").split())
        found = self.model.objects.annotate(**NAME_KEYS).order_by()  # parts of a union are not ordered
        if neighbourhood is not None:
            found = found.filter(home__block__neighbourhood=neighbourhood)
        if "@" in text:
            return [found.filter(email__iexact=text)]
        if is_valid_postcode(text):
            return [found.filter(home__postcode=normalise_postcode(text))]
        if any(ch.isdigit() for ch in text):
            return [found.filter(Q(resident_reference__iexact=text) | Q(tenancy_reference__iexact=text))]
        if not text:
            return [found] if neighbourhood is not None else []
        words = text.split(" ")
        rarest = words.pop(words.index(max(words, key=len)))
        names = found
        for word in words:
            names = names.filter(Q(last_key__startswith=_upper(word)) | Q(first_key__startswith=_upper(word)))
        return [
            names.filter(last_key__startswith=_upper(rarest)),
            names.filter(first_key__startswith=_upper(rarest)).exclude(last_key__startswith=_upper(rarest)),
        ]


def _union(parts: list[models.QuerySet]) -> models.QuerySet:
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def _upper(word: str) -> Upper:
    """A searched word in capitals as PostgreSQL makes them, as the name keys are (Python's upper() differs for
    a few letters). The lookup still escapes % and _ in it, so they are taken literally."""
    return Upper(Value(word))


class Resident(models.Model):
    """An entry in the resident register. May exist without a portal account."""

    resident_reference = models.CharField(max_length=40, unique=True)
    tenancy_reference = models.CharField(max_length=40, db_index=True)
    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="residents")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="resident"
    )
    linked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        ordering = [*NAME_KEYS.values(), "id"]
        indexes = [
            # The register in name order, and the residents whose surname starts with a searched word, in that
            # order. The names are included so that a search reads the index alone.
            models.Index(
                NAME_KEYS["last_key"],
                NAME_KEYS["first_key"],
                F("id"),
                include=["first_name", "last_name"],
                name="resident_name_order",
            ),
            # Those whose first name starts with it.
            models.Index(
                NAME_KEYS["first_key"],
                include=["id", "first_name", "last_name"],
                name="resident_first_name_prefix",
            ),
            # Staff search: case-insensitive references and email.
            models.Index(Upper("resident_reference"), name="resident_reference_upper"),
            models.Index(Upper("tenancy_reference"), name="resident_tenancy_upper"),
            models.Index(Upper("email"), name="resident_email_upper"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return join_name(self.first_name, self.last_name)


def join_name(first_name: str, last_name: str) -> str:
    return f"{first_name} {last_name}".strip()


class LinkCode(models.Model):
    """A one-time code staff give a resident (by post or phone) to link their account to their register entry.

    Only a hash is stored; the code is shown once to the member of staff who made it.
    """

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="link_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read out over the phone

    def __str__(self):
        return f"Link code for resident {self.resident_id}"

    @classmethod
    def new_code(cls) -> str:
        raw = "".join(secrets.choice(cls.ALPHABET) for _ in range(10))
        return f"{raw[:5]}-{raw[5:]}"


class ContactChannel(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    LETTER = "letter", "Letter"


class AccessibilityNeed(models.TextChoices):
    LARGE_PRINT = "large_print", "Large print"
    EASY_READ = "easy_read", "Easy read"
    INTERPRETER = "interpreter", "A spoken-language interpreter"
    BSL = "bsl", "British Sign Language (BSL) interpreter"
    BRAILLE = "braille", "Braille"
    AUDIO = "audio", "Audio"
    HEARING_LOOP = "hearing_loop", "Hearing loop at meetings"
    STEP_FREE = "step_free", "Step-free access at meetings"


class InvolvementInterest(models.TextChoices):
    FORMAL = "formal", "Formal: resident panels and scrutiny reviews"
    LIGHTER = "lighter", "Lighter touch: surveys and focus groups"
    LOCAL = "local", "Local: issues in my neighbourhood, walkabouts"


class Preferences(models.Model):
    resident = models.OneToOneField(Resident, on_delete=models.CASCADE, related_name="preferences")
    contact_channels = ArrayField(
        models.CharField(max_length=16, choices=ContactChannel.choices), default=list, blank=True
    )
    language = models.CharField("preferred language", max_length=60, default="English")
    accessibility_needs = ArrayField(
        models.CharField(max_length=20, choices=AccessibilityNeed.choices), default=list, blank=True
    )
    accessibility_other = models.CharField("anything else that would help", max_length=300, blank=True)
    involvement_interests = ArrayField(
        models.CharField(max_length=16, choices=InvolvementInterest.choices), default=list, blank=True
    )
    survey_opt_out = models.BooleanField("do not send me surveys", default=False)
    do_not_contact = models.BooleanField("do not contact me about involvement at all", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Preferences of resident {self.resident_id}"

    @property
    def contact_channel_labels(self) -> list[str]:
        return [ContactChannel(value).label for value in self.contact_channels]

    @property
    def accessibility_need_labels(self) -> list[str]:
        return [AccessibilityNeed(value).label for value in self.accessibility_needs]

    @property
    def involvement_interest_labels(self) -> list[str]:
        return [InvolvementInterest(value).label for value in self.involvement_interests]


class AgeBand(models.TextChoices):
    UNDER_25 = "16-24", "16 to 24"
    AGE_25 = "25-34", "25 to 34"
    AGE_35 = "35-44", "35 to 44"
    AGE_45 = "45-54", "45 to 54"
    AGE_55 = "55-64", "55 to 64"
    AGE_65 = "65-74", "65 to 74"
    AGE_75 = "75+", "75 or over"
    NOT_SAID = "not_said", "Prefer not to say"


class Ethnicity(models.TextChoices):
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    NOT_SAID = "not_said", "Prefer not to say"


class YesNoNotSaid(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SAID = "not_said", "Prefer not to say"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_SAID = "not_said", "Prefer not to say"


class EqualityMonitoring(models.Model):
    """Special category data: optional, kept apart, used only in aggregate with small groups suppressed.

    Never shown to staff for one person; the resident can change or delete it at any time.
    """

    resident = models.OneToOneField(Resident, on_delete=models.CASCADE, related_name="equality")
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=10, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(
        "Do you consider yourself to have a disability or long-term health condition?",
        max_length=10,
        choices=YesNoNotSaid.choices,
        blank=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Equality monitoring of resident {self.resident_id}"


class RegisterImport(models.Model):
    """One upload of the resident register. The file is kept in the database so any worker can read it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        REJECTED = "rejected", "Rejected: nothing was imported"
        CHECKED = "checked", "Checked: waiting for confirmation"
        APPLYING = "applying", "Confirmed: importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed: nothing was imported"
        UNDONE = "undone", "Undone"

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    filename = models.CharField(max_length=255)
    content = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the file would change, as shown to staff before they confirm (see register_import.preview_import).
    preview = models.JSONField(default=dict, blank=True)
    clear_blanks = models.BooleanField(default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        """Nothing is running for it in the background (its page stops polling)."""
        return self.status not in (self.Status.QUEUED, self.Status.RUNNING, self.Status.APPLYING)


class RegisterChange(models.Model):
    """One field of one resident's register entry as an import changed it: the audit trail that lets staff see
    what an import did and undo it. It is the resident's personal data: exported with it, deleted with it.

    Home fields (the address, tenure, block) are recorded against each resident living in the home. A resident
    the import added has one row with field "created".
    """

    CREATED = "created"
    FIELD_LABELS = {
        "created": "New resident",
        "home": "Home (property reference)",
        "tenancy_reference": "Tenancy reference",
        "first_name": "First name",
        "last_name": "Last name",
        "email": "Email",
        "phone": "Phone",
        "block": "Block (neighbourhood)",
        "address_line_1": "Address line 1",
        "address_line_2": "Address line 2",
        "town": "Town",
        "postcode": "Postcode",
        "tenure": "Tenure",
    }

    register_import = models.ForeignKey(RegisterImport, on_delete=models.CASCADE, related_name="changes")
    resident = models.ForeignKey("Resident", on_delete=models.CASCADE, related_name="register_changes")
    home = models.ForeignKey("Home", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    field = models.CharField(max_length=40)
    old_value = models.CharField(max_length=254, blank=True)
    new_value = models.CharField(max_length=254, blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reverted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["register_import", "id"], name="register_change_by_import")]

    def __str__(self):
        return f"{self.field}: {self.old_value!r} -> {self.new_value!r}"

    @property
    def field_label(self) -> str:
        return self.FIELD_LABELS.get(self.field, self.field)
