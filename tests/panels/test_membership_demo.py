"""seed_demo adds demo panel members and applications once, through the seed registered by PanelsConfig.ready()."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from panels.membership.demo import seed_demo_memberships
from panels.models import Membership, MembershipRole, MembershipStatus, PanelKind
from residents import demo

from .factories import PanelFactory, ScrutinyPanelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True


@pytest.fixture(autouse=True)
def _seeded_panels(db):
    """The panels the data migration makes: a test that empties the database (the browser tests do) removes them."""
    ScrutinyPanelFactory()
    PanelFactory(name="Together Panel", slug="together", kind=PanelKind.TOGETHER)


def test_seed_demo_adds_panel_members_once(client):
    assert seed_demo_memberships in demo.SEEDS
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo panel members:" in out.getvalue()
    scrutiny = Membership.objects.filter(panel__slug="scrutiny")
    assert scrutiny.current().filter(role=MembershipRole.CHAIR).count() == 1
    assert scrutiny.filter(status=MembershipStatus.APPLIED).count() == 2
    assert Membership.objects.ending_within(60).exists()
    assert Membership.objects.current().filter(resident__user__email="resident@demo.example").exists()
    assert "chair" in client.get(reverse("panels:panel_detail", args=["scrutiny"])).content.decode()

    before = Membership.objects.count()
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert Membership.objects.count() == before
    assert "Demo panel members: already present" in again.getvalue()
