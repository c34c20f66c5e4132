"""Panels and memberships for tests. The seeded panels are not relied on: tests that flush the database (the
browser tests) remove them, so a test makes the panel it needs."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from panels.models import Membership, MembershipRole, MembershipStatus, Panel, PanelKind

from ..factories import ResidentFactory


class PanelFactory(DjangoModelFactory):
    class Meta:
        model = Panel
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Planned Works Panel {n}")
    slug = factory.Sequence(lambda n: f"planned-works-{n}")
    kind = PanelKind.OTHER
    summary = "Residents who shape the planned works in their block."
    remit = "Reviews the planned works programme for the block."
    can_influence = "The order of works and how residents are told about them."
    cannot_influence = "The budget set by the Board."
    route_to_board = "Its views go to the Asset Management Committee each quarter."
    time_commitment = "Two hours a month."
    support_offered = "Travel costs paid."
    how_to_join = "Apply on this page."


class ScrutinyPanelFactory(PanelFactory):
    name = "Resident Scrutiny Panel"
    slug = "scrutiny"
    kind = PanelKind.SCRUTINY


class MembershipFactory(DjangoModelFactory):
    """A current member (accepted, term started a year ago, ends in two years)."""

    class Meta:
        model = Membership

    panel = factory.SubFactory(PanelFactory)
    resident = factory.SubFactory(ResidentFactory)
    status = MembershipStatus.MEMBER
    role = MembershipRole.MEMBER
    why = "I want to help improve repairs."
    decided_at = factory.LazyFunction(timezone.now)
    term_starts = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    term_ends = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=730))


class ApplicationFactory(MembershipFactory):
    status = MembershipStatus.APPLIED
    decided_at = None
    term_starts = None
    term_ends = None
