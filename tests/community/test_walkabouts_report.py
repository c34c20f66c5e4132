"""The report after a walk: what was found and what is being done, current as issues close, with the share put right
on time; those who came are told once when it is published."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from community.walkabouts import services
from residents.feedback.services import set_status
from residents.models import FeedbackStatus, OutboundEmail

from .walkabout_fixtures import issue_spec


def report_url(walkabout) -> str:
    return reverse("community:walkabout_report", args=[walkabout.pk])


def test_publishing_tells_those_who_came_once_and_opens_it_to_the_neighbourhood(
    client_for, staff, resident, past_walkabout
):
    assert client_for("resident").get(report_url(past_walkabout)).status_code == 404  # not published yet
    url = reverse("community:walkabout_publish_report", args=[past_walkabout.pk])
    response = client_for("staff").post(url, {"summary": "The council will clear the bin store by Friday."})
    assert response.status_code == 302
    client_for("staff").post(url, {"summary": "The council cleared the bin store."})
    told = OutboundEmail.objects.filter(key__startswith="walkabout-report:")
    assert list(told.values_list("to", flat=True)) == [resident.email]
    assert report_url(past_walkabout) in told.get().body
    page = client_for("resident").get(report_url(past_walkabout)).content.decode()
    assert "The council cleared the bin store." in page


def test_the_report_cannot_be_published_before_the_walk(client_for, upcoming_walkabout):
    url = reverse("community:walkabout_publish_report", args=[upcoming_walkabout.pk])
    response = client_for("staff").post(url, {"summary": "Too early"})
    assert response.status_code == 400
    assert "once the walk has taken place" in response.content.decode()


def test_the_report_keeps_current_as_issues_close_with_the_share_on_time(client_for, staff, resident, past_walkabout):
    today = timezone.localdate()
    logged = [
        services.log_issue(
            walkabout=past_walkabout,
            spec=issue_spec(resident.resident, location=f"Place {n}", due_on=today + timedelta(days=3)),
            logged_by=staff,
        ).issue
        for n in range(4)
    ]
    services.publish_report(walkabout=past_walkabout, summary="We are on it.", actor=staff)
    page = client_for("resident").get(report_url(past_walkabout)).content.decode()
    assert "4 issues found, 0 put right so far." in page and "None is due yet." in page

    set_status(feedback=logged[0].feedback, status=FeedbackStatus.CLOSED, actor=staff)  # on time
    with time_machine.travel(timezone.now() + timedelta(days=5), tick=False):
        set_status(feedback=logged[1].feedback, status=FeedbackStatus.CLOSED, actor=staff)  # late
        page = client_for("resident").get(report_url(past_walkabout)).content.decode()
    assert "4 issues found, 2 put right so far." in page
    # Of the four, all are put right or past their date; one was put right on time.
    assert "25% put right on time (1 of the 4" in page
    assert "(on time)" in page and "(late)" in page and "Late:" in page
    # Residents see what and where, never who raised it or their words.
    assert resident.resident.last_name not in page and "Fly-tipped mattress" not in page


def test_the_staff_list_counts_places_and_issues_apart(client_for, staff, resident, past_walkabout):
    for _ in range(3):
        services.log_issue(walkabout=past_walkabout, spec=issue_spec(resident.resident), logged_by=staff)
    page = client_for("staff").get(reverse("community:walkabout_staff_list")).content.decode()
    assert '<td data-label="Coming">1 of 10</td>' in page and '<td data-label="Issues">3</td>' in page
