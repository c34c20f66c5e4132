"""An approved Block Champion reports an issue on their own block at any time, through the walkabouts' issue
logging (one feedback item in their name, a retried send makes no second); only for their own block (another block
404, not or no longer a champion 403). Their time as champion and the issues they logged are on their My
involvement record, read in a fixed number of queries."""

import html
import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.champions import services
from community.champions.models import BlockChampion, ChampionStatus
from community.walkabouts.models import WalkaboutIssue
from residents.models import Feedback

from ..factories import BlockFactory, HomeFactory, ResidentFactory, UserFactory
from ..querycount import queries_for_get
from .walkabout_fixtures import issue_spec, make_champion


def text(response) -> str:
    return html.unescape(response.content.decode())


def words(response) -> str:
    """The page's text without its tags."""
    return re.sub(r"<[^>]+>", "", text(response))


def new_url(block_id: int) -> str:
    return reverse("community:champion_block_issue_new", args=[block_id])


def form_data(**fields) -> dict:
    return {
        "key": str(uuid.uuid4()),
        "category": "grounds",
        "text": "The stairwell light on the second floor is out.",
        "location": "Stairwell B, second floor",
        "priority": "normal",
    } | fields


def test_a_champion_reports_an_issue_on_their_block_from_their_champion_page(client_for, resident, staff):
    champion = make_champion(resident)
    champion.decided_at = timezone.now()
    champion.save()
    client = client_for("resident")
    page = text(client.get(reverse("community:champion_apply")))
    assert "Report an issue on my block" in page and new_url(champion.block_id) in page
    form = client.get(new_url(champion.block_id))
    assert form.status_code == 200 and "Alder House" in text(form)
    # The weak-signal form: kept as a draft in the browser under a key of its own block.
    assert f'data-draft-key="block-issue-draft-{champion.block_id}"' in text(form)
    assert 'name="assignee"' not in text(form) and 'name="raised_by"' not in text(form)
    data = form_data()
    response = client.post(new_url(champion.block_id), data)
    issue = WalkaboutIssue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:champion_block_issue", args=[champion.block_id, issue.pk])
    assert issue.walkabout is None and issue.logged_by == resident
    feedback = issue.feedback
    assert feedback.resident == resident.resident and "Stairwell B, second floor" in feedback.text
    # About the block's shared spaces: on the block's open issues, which the champions' weekly digest lists.
    assert (feedback.block_id, feedback.scope) == (champion.block_id, "block")
    assert list(services.block_issues(champion.block_id)) == [feedback]
    # The send retried after a lost connection: the same issue, no second.
    again = client.post(new_url(champion.block_id), data)
    assert again["Location"] == response["Location"]
    assert (WalkaboutIssue.objects.count(), Feedback.objects.count()) == (1, 1)
    assert "logged" in text(client.get(response["Location"]))


def test_bad_input_is_shown_next_to_the_field_keeping_what_was_typed(client_for, resident):
    champion = make_champion(resident)
    response = client_for("resident").post(new_url(champion.block_id), form_data(location=""))
    assert response.status_code == 200
    page = text(response)
    assert "Say where it is." in page and "The stairwell light on the second floor is out." in page
    assert not WalkaboutIssue.objects.exists()


def test_a_champion_acts_only_for_their_own_block(client_for, resident, other_resident):
    champion = make_champion(resident)
    other_block = other_resident.resident.home.block
    assert client_for("resident").get(new_url(other_block.pk)).status_code == 404
    # A neighbour in the same block who is not its champion: 403.
    neighbour = UserFactory(email="neighbour@example.org")
    ResidentFactory(home=HomeFactory(block=champion.block), user=neighbour)
    client = client_for("resident")
    client.force_login(neighbour)
    assert client.get(new_url(champion.block_id)).status_code == 403
    assert client.post(new_url(champion.block_id), form_data()).status_code == 403
    # Nor can the neighbour open the issue the champion logged.
    issue = services.log_block_issue(champion=champion, spec=issue_spec(resident.resident), logged_by=resident).issue
    assert client.get(reverse("community:champion_block_issue", args=[champion.block_id, issue.pk])).status_code == 403


def test_a_champion_who_stepped_down_can_no_longer_report(client_for, resident):
    champion = make_champion(resident)
    client = client_for("resident")
    response = client.post(reverse("community:champion_step_down", args=[champion.pk]))
    assert response.status_code == 302
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.STEPPED_DOWN and champion.stepped_down_at is not None
    assert client.get(new_url(champion.block_id)).status_code == 403
    again = client.post(reverse("community:champion_step_down", args=[champion.pk]), follow=True)
    assert "You are not a Block Champion now." in text(again)


def test_the_involvement_record_shows_the_champion_role_and_the_issues_logged(client_for, resident):
    approved_at = timezone.now() - timedelta(days=40)
    champion = BlockChampion.objects.create(
        resident=resident.resident,
        block=resident.resident.home.block,
        why="I know everyone",
        status=ChampionStatus.APPROVED,
        decided_at=approved_at,
    )
    issue = services.log_block_issue(champion=champion, spec=issue_spec(resident.resident), logged_by=resident).issue
    client = client_for("resident")
    page = words(client.get(reverse("residents:my_involvement")))
    since = timezone.localdate(approved_at)
    assert f"Block Champion for Alder House, since {since.day} {since:%B %Y}" in page
    assert f"Reported {issue.feedback.reference} (grounds" in page
    services.step_down(champion=champion)
    page = words(client.get(reverse("residents:my_involvement")))
    today = timezone.localdate()
    assert f"Block Champion for Alder House, {since.day} {since:%B %Y} to {today.day} {today:%B %Y}" in page
    # And in "Download my data".
    activity = client.get(reverse("residents:data_export")).json()["involvement"]["activity"]
    role = next(row for row in activity if row["what"] == "Block Champion for Alder House")
    assert (role["from"], role["to"], role["ongoing"]) == (since.isoformat(), today.isoformat(), False)
    assert any(issue.feedback.reference in row["what"] for row in activity)


@pytest.mark.parametrize("size", [2, 40])
def test_the_record_reads_the_champion_activity_in_the_same_queries_however_much(client_for, resident, size):
    champion = make_champion(resident)
    for _ in range(size):
        services.log_block_issue(champion=champion, spec=issue_spec(resident.resident), logged_by=resident)
    for _ in range(size // 2):  # roles on blocks of earlier homes, stepped down
        BlockChampion.objects.create(
            resident=resident.resident,
            block=BlockFactory(neighbourhood=champion.block.neighbourhood),
            why="w",
            status=ChampionStatus.STEPPED_DOWN,
            decided_at=timezone.now() - timedelta(days=400),
            stepped_down_at=timezone.now() - timedelta(days=100),
        )
    assert queries_for_get(client_for("resident"), reverse("residents:my_involvement")).count == 11
