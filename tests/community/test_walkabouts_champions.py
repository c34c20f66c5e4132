"""Block Champions on a walk log issues from their phone, in their own name, on the day of the walk."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from community.champions.models import BlockChampion
from community.walkabouts import permissions
from community.walkabouts.models import WalkaboutIssue
from residents.models import Channel

from .test_walkabouts_issues import form_data
from .walkabout_fixtures import make_champion


def issue_url(walkabout) -> str:
    return reverse("community:walkabout_champion_issue_new", args=[walkabout.pk])


def champion_data(resident) -> dict:
    data = form_data(resident.resident)
    for name in ("raised_by", "assignee", "due_on"):
        data.pop(name)
    return data


def test_a_champion_on_the_walk_logs_an_issue_in_their_own_name(client_for, resident, champion_walkabout):
    client = client_for("resident")
    page = client.get(reverse("community:walkabout_detail", args=[champion_walkabout.pk])).content.decode()
    assert "Log an issue (Block Champion)" in page
    form = client.get(issue_url(champion_walkabout)).content.decode()
    assert "Who raised it" not in form and "Assigned to" not in form
    data = champion_data(resident)
    first = client.post(issue_url(champion_walkabout), data)
    second = client.post(issue_url(champion_walkabout), data)
    issue = WalkaboutIssue.objects.select_related("feedback").get()
    assert (
        first["Location"]
        == second["Location"]
        == reverse("community:walkabout_champion_issue", args=[champion_walkabout.pk, issue.pk])
    )
    feedback = issue.feedback
    assert (feedback.resident, feedback.logged_by, feedback.channel) == (resident.resident, resident, Channel.IN_PERSON)
    assert feedback.assignee is None and issue.due_on == timezone.localdate() + timedelta(days=28)
    result = client.get(first["Location"]).content.decode()
    assert f"Follow {feedback.reference}" in result


def test_a_resident_on_the_walk_who_is_not_a_champion_cannot_log(client_for, resident, champion_walkabout):
    BlockChampion.objects.update(status="applied")
    assert client_for("resident").get(issue_url(champion_walkabout)).status_code == 403
    page = client_for("resident").get(reverse("community:walkabout_detail", args=[champion_walkabout.pk]))
    assert "Log an issue (Block Champion)" not in page.content.decode()


def test_a_champion_not_on_the_walk_or_not_today_cannot_log(client_for, resident, champion_walkabout):
    record = champion_walkabout.sign_ups.get()
    record.status = "cancelled"
    record.save()
    assert not permissions.is_champion_on(resident, champion_walkabout)
    assert client_for("resident").get(issue_url(champion_walkabout)).status_code == 403
    record.status = "going"
    record.save()
    assert permissions.is_champion_on(resident, champion_walkabout)
    tomorrow = timezone.now() + timedelta(days=1)
    assert not permissions.can_champion_log_issue(resident, champion_walkabout, champion=True, now=tomorrow)


def test_a_champion_of_another_neighbourhood_gets_404(client_for, other_resident, champion_walkabout):
    make_champion(other_resident)
    assert client_for("other_resident").get(issue_url(champion_walkabout)).status_code == 404
