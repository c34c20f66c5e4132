"""The Community Fund in a resident's data download (their applications, budget lines, decisions and monitoring
reports, nobody else's) and the demo rounds seed_demo makes."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from community.fund import services
from community.fund.demo import seed_demo_fund
from community.fund.models import Application, ApplicationStatus, FundRound
from panels.models import PanelKind
from panels.scoring.models import RoundStatus, Score
from residents import demo

from ..panels.factories import PanelFactory, ScrutinyPanelFactory
from .fund_fixtures import application_for

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_applicants_applications_with_lines_decision_and_report(
    client_for, resident, staff, open_fund_round, other_resident
):
    mine = application_for(resident.resident, open_fund_round, title="Gardening club")
    services.decide(application=mine, award=Decimal("200.00"), reasons="Part of the room hire.", actor=staff)
    services.submit_report(
        application=Application.objects.get(pk=mine.pk), what_done="Ten sessions.", people_reached=30, spend="£200"
    )
    application_for(resident.resident, open_fund_round, submit=False, title="Half-written", budget_breakdown="Tea")
    application_for(other_resident.resident, open_fund_round, title="Somebody else's")

    data = client_for("resident").get(reverse("residents:data_export")).json()["fund_applications"]
    assert [a["project"] for a in data] == ["Gardening club", "Half-written"]
    sent, draft = data
    assert sent["budget_lines"] == [{"item": "Food", "cost": "250.00"}, {"item": "Room hire", "cost": "50"}]
    assert sent["status"] == "Awarded in part"
    assert sent["decision"]["amount_awarded"] == "200.00"
    assert sent["decision"]["reasons"] == "Part of the room hire."
    assert sent["monitoring_report"]["people_reached"] == 30
    assert sent["monitoring_report"]["what_was_done"] == "Ten sessions."
    assert draft["budget_lines"] == "Tea", "an unfinished breakdown is given as typed"
    assert draft["decision"] is None and draft["monitoring_report"] is None
    assert client_for("unlinked_resident").get(reverse("residents:data_export")).json()["fund_applications"] is None


def test_seed_demo_makes_the_fund_once(settings):
    settings.DEBUG = True
    ScrutinyPanelFactory()
    PanelFactory(name="Together Panel", slug="together", kind=PanelKind.TOGETHER)
    assert seed_demo_fund in demo.SEEDS
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo Community Fund: made" in out.getvalue()
    closed, open_round = FundRound.objects.order_by("closes_at")
    statuses = set(closed.applications.values_list("status", flat=True))
    assert statuses == {
        ApplicationStatus.AWARDED,
        ApplicationStatus.PART_AWARDED,
        ApplicationStatus.DECLINED,
        ApplicationStatus.SUBMITTED,
    }
    assert closed.awarded_total == Decimal("1950.00") <= closed.budget
    assert closed.scoring_round.status == RoundStatus.CLOSED
    assert Score.objects.filter(option__round=closed.scoring_round).exists()
    assert closed.applications.reports_outstanding().count() == 2
    assert open_round.is_open()
    assert open_round.applications.filter(status=ApplicationStatus.DRAFT, resident__user__email="resident@demo.example")

    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "Demo Community Fund: already present" in again.getvalue()
    assert FundRound.objects.count() == 2
