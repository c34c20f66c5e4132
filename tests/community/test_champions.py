"""Block Champions: a linked resident applies to champion their block; staff approve or decline with a reason
the resident sees (and is emailed); champions appear by first name on their block's page for neighbours, and get
a weekly digest of the block's open shared issues, exactly once a week."""

import html
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from community.champions import services
from community.champions.models import BlockChampion, ChampionStatus
from community.champions.tasks import send_champion_digests
from residents.models import FeedbackScope, OutboundEmail, Resident

from ..factories import HomeFactory, ResidentFactory, feedback_from
from ..querycount import queries_for_get

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def staff_client(client_for, staff):
    return client_for("staff")


def test_a_resident_applies_once_and_sees_the_decision_and_reason(client_for, staff_client, resident):
    client = client_for("resident")
    url = reverse("community:champion_apply")
    empty = client.post(url, {"why": ""})
    assert "Tell us why you would like to be a Block Champion." in text(empty)
    client.post(url, {"why": "I know everyone here."})
    again = client.post(url, {"why": "Again"})
    assert "You have already applied to champion your block." in text(again)
    champion = BlockChampion.objects.get()
    assert champion.block == resident.resident.home.block and champion.status == ChampionStatus.APPLIED

    decide = reverse("community:champion_decide", args=[champion.pk])
    staff_client.post(decide, {"outcome": "decline", "reason": ""})
    assert BlockChampion.objects.get().status == ChampionStatus.APPLIED  # no reason, no decision
    staff_client.post(decide, {"outcome": "decline", "reason": "Alder House already has two champions."})
    page = text(client.get(url))
    assert "Not approved" in page and "Alder House already has two champions." in page
    email = OutboundEmail.objects.get(key=f"champion-decided:{champion.pk}")
    assert email.to == resident.email and "Alder House already has two champions." in email.body


def test_an_approved_champion_appears_by_first_name_on_the_block_page_for_neighbours(
    client_for, staff_client, resident, champion_application
):
    staff_client.post(
        reverse("community:champion_decide", args=[champion_application.pk]), {"outcome": "approve", "reason": ""}
    )
    block = resident.resident.home.block
    neighbour_user = ResidentFactory(
        home=HomeFactory(block=block), user=__import__("tests.factories", fromlist=["UserFactory"]).UserFactory()
    ).user

    neighbour = Client()
    neighbour.force_login(neighbour_user)
    page = text(neighbour.get(reverse("community:block_detail", args=[block.pk])))
    assert "<h1>Alder House</h1>" in page and "Amina" in page and "Okafor" not in page
    assert client_for("other_resident").get(reverse("community:block_detail", args=[block.pk])).status_code == 404


def test_the_weekly_digest_lists_the_blocks_open_shared_issues_exactly_once_a_week(staff, resident):
    with time_machine.travel(MONDAY, tick=False):
        champion = services.apply_to_champion(resident=resident.resident, why="Happy to help")
        services.decide_champion(champion=champion, approve=True, reason="", decided_by=staff)
        neighbour = ResidentFactory(home=HomeFactory(block=resident.resident.home.block))
        shared = feedback_from(neighbour, scope=FeedbackScope.BLOCK, category="cleaning")
        feedback_from(neighbour, scope=FeedbackScope.HOME)  # a neighbour's own home: never in the digest
        assert send_champion_digests() == 0  # not due until a week after approval
    with time_machine.travel(MONDAY + timedelta(days=7, minutes=1), tick=False):
        assert send_champion_digests() == 1
        assert send_champion_digests() == 0
    digests = OutboundEmail.objects.filter(key__startswith=f"champion-digest:{champion.pk}:")
    assert digests.count() == 1
    body = digests.get().body
    assert "1 issue in the shared spaces of Alder House is open" in body and shared.reference in body
    with time_machine.travel(MONDAY + timedelta(days=14, minutes=2), tick=False):
        assert send_champion_digests() == 1
    assert digests.count() == 2
    assert settings.CELERY_BEAT_SCHEDULE["send-champion-digests"]["task"] == send_champion_digests.name


def test_a_declined_or_waiting_application_gets_no_digest(staff, resident):
    services.apply_to_champion(resident=resident.resident, why="Happy to help")
    with time_machine.travel(datetime.now(UTC) + timedelta(days=30)):
        assert send_champion_digests() == 0


@pytest.mark.parametrize("size", [5, 200])
def test_the_block_page_and_staff_list_cost_the_same_queries_however_many_champions(client_for, staff, resident, size):
    block = resident.resident.home.block
    homes = [HomeFactory(block=block) for _ in range(3)]
    people = Resident.objects.bulk_create(
        [
            Resident(
                home=homes[i % 3],
                first_name=f"N{i}",
                last_name="X",
                resident_reference=f"CH-{i}",
                tenancy_reference=f"CT-{i}",
            )
            for i in range(size)
        ]
    )
    BlockChampion.objects.bulk_create(
        [
            BlockChampion(resident=r, block=block, why="w", status=ChampionStatus.APPROVED if i % 2 else "applied")
            for i, r in enumerate(people)
        ]
    )
    # session, user, block, the resident (do they live here), champions
    assert queries_for_get(client_for("resident"), reverse("community:block_detail", args=[block.pk])).count == 5
    # session, user, how many, the page with residents and blocks
    assert queries_for_get(client_for("staff"), reverse("community:champion_list")).count == 4
