import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.test import Client
from factory.django import DjangoModelFactory

from residents.feedback.services import submit_feedback
from residents.models import (
    Block,
    Channel,
    FeedbackCategory,
    FeedbackKind,
    FeedbackScope,
    Home,
    Neighbourhood,
    Resident,
    Role,
    Tenure,
    User,
)

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    role = Role.RESIDENT
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified primary email address, as allauth needs before it lets the user sign in."""
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        """mfa=True gives the account a TOTP authenticator (staff and board need one to reach their pages)."""
        if create and extracted:
            TOTP.activate(obj, generate_totp_secret())


class NeighbourhoodFactory(DjangoModelFactory):
    class Meta:
        model = Neighbourhood
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Neighbourhood {n}")


class BlockFactory(DjangoModelFactory):
    class Meta:
        model = Block

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    name = factory.Sequence(lambda n: f"Block {n}")


class HomeFactory(DjangoModelFactory):
    class Meta:
        model = Home

    property_reference = factory.Sequence(lambda n: f"P-{n:06d}")
    block = factory.SubFactory(BlockFactory)
    address_line_1 = factory.Sequence(lambda n: f"{n} Test Street")
    town = "Leeds"
    postcode = "LS6 2AB"
    tenure = Tenure.LCRA


class ResidentFactory(DjangoModelFactory):
    class Meta:
        model = Resident

    # Prefixes no test writes by hand (R-000111, T-100001) and seed_demo never makes, so a sequence never collides.
    resident_reference = factory.Sequence(lambda n: f"RF-{n:06d}")
    tenancy_reference = factory.Sequence(lambda n: f"TF-{n:06d}")
    home = factory.SubFactory(HomeFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    phone = "07700 900000"


def totp_code_for_secret(secret: str) -> str:
    """The code an authenticator app shows now for this (base32) secret."""
    counter = int(time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


def totp_code(user) -> str:
    """The current code from the user's authenticator app."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return totp_code_for_secret(decrypt(authenticator.data["secret"]))


def feedback_from(resident: Resident, **fields):
    """Feedback as a resident sends it, through the service: hazard words are flagged, a complaint opens its
    stage 1 with its deadlines, and the acknowledgement email is queued. Fields override the defaults."""
    values = {
        "logged_by": resident.user,
        "channel": Channel.PORTAL,
        "kind": FeedbackKind.COMMENT,
        "category": FeedbackCategory.CLEANING,
        "scope": FeedbackScope.BLOCK,
        "text": "The stairs in our block have not been cleaned for a month.",
    }
    return submit_feedback(resident=resident, **(values | fields))


class SignedInClient(Client):
    """A test client that signs the user in afresh before each request. Sessions last 8 hours, so a client
    signed in once is signed out when a test moves the clock on by days (time-machine)."""

    def __init__(self, user, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def request(self, **request):
        self.force_login(self.user)
        return super().request(**request)
