"""Complaints on the staff item page, under the Housing Ombudsman's Complaint Handling Code: deadlines in working
days (weekends and England and Wales bank holidays skipped), extensions with reasons, and stage 2 by someone else.

Clocks are frozen with time-machine. Deadlines end at 23:59:59 London time on the last working day.
"""

import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from residents.models import ComplaintStage, Feedback, FeedbackKind, FeedbackStatus, OutboundEmail, Role

from ..factories import SignedInClient, UserFactory, feedback_from

LONDON = ZoneInfo("Europe/London")
QUEUE_URL = reverse("residents:feedback_queue")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0):
    return time_machine.travel(datetime(year, month, day, hour, minute, tzinfo=LONDON), tick=False)


def end_of(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, tzinfo=LONDON)


def page(response) -> str:
    return unescape(response.content.decode())


def stage(feedback: Feedback, number: int = 1) -> ComplaintStage:
    return ComplaintStage.objects.get(feedback=feedback, stage=number)


def item_url(feedback: Feedback) -> str:
    return reverse("residents:feedback_item", kwargs={"pk": feedback.pk})


def form_errors(html: str, key: str) -> str:
    """The errors shown beside one form on the item page."""
    found = re.search(rf'id="{key}-errors">(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


@pytest.fixture
def staff_client(staff) -> Client:
    return SignedInClient(staff)


@pytest.fixture
def colleague(db):
    return UserFactory(email="colleague@example.org", full_name="Cath Colleague", role=Role.STAFF, mfa=True)


@pytest.fixture
def colleague_client(colleague) -> Client:
    return SignedInClient(colleague)


@pytest.fixture
def complaint(resident) -> Feedback:
    """A complaint received on Christmas Eve 2026, a Thursday, just before three bank holidays."""
    with at(2026, 12, 24, 10, 0):
        return feedback_from(resident.resident, kind=FeedbackKind.COMPLAINT, text="Nobody came to my repair, twice.")


def act(client: Client, feedback: Feedback, action: str, **fields):
    url = reverse("residents:feedback_complaint", kwargs={"pk": feedback.pk})
    return client.post(url, {"action": action, **fields}, follow=True)


def test_stage_1_must_be_acknowledged_within_5_working_days_skipping_the_weekend_and_bank_holidays(
    staff_client, complaint
):
    # Christmas Day, the weekend, the Boxing Day substitute and New Year's Day are not working days:
    # 29, 30, 31 December, 4 and 5 January.
    assert stage(complaint).acknowledge_due == end_of(2027, 1, 5)
    complaint.refresh_from_db()
    assert complaint.next_due_at == end_of(2027, 1, 5)

    with at(2026, 12, 29):
        html = page(staff_client.get(item_url(complaint)))

    assert "Acknowledge by" in html
    assert "By Tue 5 Jan 2027, 23:59" in html
    assert "Due in 7 days" in html


def test_stage_1_response_is_due_10_working_days_after_the_acknowledgement(staff_client, complaint):
    with at(2027, 1, 4):
        response = act(staff_client, complaint, "acknowledge")

    assert "Stage 1 acknowledged. The response is due by Monday 18 January 2027." in page(response)
    acknowledged = stage(complaint)
    assert acknowledged.acknowledged_at == datetime(2027, 1, 4, 9, 0, tzinfo=LONDON)
    assert acknowledged.response_due == end_of(2027, 1, 18)
    assert acknowledged.handler.email == "staff@example.org", "whoever acknowledges handles stage 1"
    complaint.refresh_from_db()
    assert complaint.status == FeedbackStatus.ACKNOWLEDGED
    assert complaint.next_due_at == end_of(2027, 1, 18)
    assert "By Mon 18 Jan 2027, 23:59" in page(response)


def test_an_extension_needs_a_reason_and_moves_the_response_date(staff_client, complaint):
    with at(2027, 1, 4):
        act(staff_client, complaint, "acknowledge")

        no_reason = act(staff_client, complaint, "extend", days="5", reason="")
        assert "Reason for the extension: Give the reason for the extension" in page(no_reason)
        assert 'value="5"' in page(no_reason), "what was typed is kept"
        assert stage(complaint).response_due == end_of(2027, 1, 18)

        extended = act(staff_client, complaint, "extend", days="5", reason="We are waiting for the surveyor's report.")

    html = page(extended)
    assert "Stage 1 extended by 5 working days. The response is now due by Monday 25 January 2027" in html
    assert "5 working days. Reason: We are waiting for the surveyor's report." in html
    assert "By Mon 25 Jan 2027, 23:59" in html
    assert "5 working days of extension left for this stage." in html
    moved = stage(complaint)
    assert (moved.extension_days, moved.response_due) == (5, end_of(2027, 1, 25))
    told = OutboundEmail.objects.get(key__startswith="feedback-reply:", body__contains="surveyor's report")
    assert told.to == "resident@example.org"
    assert "Monday 25 January 2027" in told.body


def test_an_11th_working_day_of_extension_is_refused_with_a_message(staff_client, complaint):
    with at(2027, 1, 4):
        act(staff_client, complaint, "acknowledge")

        too_many_at_once = act(staff_client, complaint, "extend", days="11", reason="The contractor is away.")
        assert "Extra working days: A stage can be extended by at most 10 working days." in page(too_many_at_once)

        act(staff_client, complaint, "extend", days="10", reason="The contractor is away.")
        assert stage(complaint).response_due == end_of(2027, 2, 1)

        one_more = act(staff_client, complaint, "extend", days="1", reason="Still waiting.")

    html = page(one_more)
    message = "A stage may be extended by at most 10 working days in all; 0 left."
    assert message in form_errors(html, "extend"), "shown beside the extension form"
    assert "There is a problem" in html
    assert "Still waiting.</textarea>" in html
    refused = stage(complaint)
    assert (refused.extension_days, refused.response_due) == (10, end_of(2027, 2, 1))


def test_sending_the_response_finishes_the_stage_and_emails_the_resident(staff_client, complaint):
    with at(2027, 1, 4):
        act(staff_client, complaint, "acknowledge")
    with at(2027, 1, 12):
        response = act(staff_client, complaint, "respond", body="We are sorry. A new appointment is booked.")

    assert "Stage 1 response sent to the resident." in page(response)
    assert stage(complaint).responded_at == datetime(2027, 1, 12, 9, 0, tzinfo=LONDON)
    complaint.refresh_from_db()
    assert complaint.status == FeedbackStatus.RESPONDED
    assert complaint.next_due_at is None
    assert OutboundEmail.objects.filter(body__contains="A new appointment is booked.").count() == 1
    assert "Done in time" in page(response)


def test_stage_2_must_be_handled_by_someone_other_than_the_stage_1_handler(staff_client, complaint, staff, colleague):
    with at(2027, 1, 4):
        act(staff_client, complaint, "acknowledge")
        act(staff_client, complaint, "respond", body="Our stage 1 response.")

        same = act(staff_client, complaint, "escalate", handler=staff.pk)

        html = page(same)
        message = "Stage 2 must be handled by someone other than the stage 1 handler."
        assert message in form_errors(html, "escalate"), "shown beside the escalation form"
        assert not ComplaintStage.objects.filter(feedback=complaint, stage=2).exists()

        other = act(staff_client, complaint, "escalate", handler=colleague.pk)

    assert "Escalated to stage 2, handled by Cath Colleague." in page(other)
    assert stage(complaint, 2).handler == colleague
    complaint.refresh_from_db()
    assert (complaint.status, complaint.assignee) == (FeedbackStatus.IN_PROGRESS, colleague)


def test_stage_2_response_is_due_20_working_days_after_its_acknowledgement(
    staff_client, colleague_client, complaint, colleague
):
    with at(2027, 1, 4):
        act(staff_client, complaint, "acknowledge")
        act(staff_client, complaint, "respond", body="Our stage 1 response.")
    with at(2027, 3, 15):  # a Monday
        act(staff_client, complaint, "escalate", handler=colleague.pk)
    assert stage(complaint, 2).acknowledge_due == end_of(2027, 3, 22)

    with at(2027, 3, 18):
        response = act(colleague_client, complaint, "acknowledge")

    # 20 working days from Thursday 18 March 2027, skipping Good Friday and Easter Monday.
    assert stage(complaint, 2).response_due == end_of(2027, 4, 19)
    assert "Stage 2 acknowledged. The response is due by Monday 19 April 2027." in page(response)
    assert "By Mon 19 Apr 2027, 23:59" in page(response)


def test_overdue_complaints_show_in_the_queues_overdue_filter(staff_client, complaint, resident):
    with at(2027, 1, 4):
        on_time = feedback_from(resident.resident, kind=FeedbackKind.COMPLAINT)  # acknowledge by 11 January
        feedback_from(resident.resident)  # a comment has no deadline

    with at(2027, 1, 8, 12):
        overdue = staff_client.get(QUEUE_URL, {"overdue": "on"})
        everything = staff_client.get(QUEUE_URL)

    assert re.findall(r">(FB-\d{6})</a>", page(overdue)) == [complaint.reference]
    assert "Overdue by 2 days" in page(overdue)
    assert on_time.reference in page(everything)

    with at(2027, 1, 8, 12):
        act(staff_client, complaint, "acknowledge")
        after = staff_client.get(QUEUE_URL, {"overdue": "on"})
    assert "No feedback matches these filters." in page(after), "acknowledged: the next deadline is the response"


def test_extending_a_complaint_tells_the_resident_but_does_not_count_as_the_response(resident, staff):
    from residents.feedback import services as services

    complaint = feedback_from(resident.resident, kind=FeedbackKind.COMPLAINT)
    services.acknowledge_complaint(feedback=complaint, actor=staff)
    services.extend_complaint(feedback=complaint, actor=staff, days=5, reason="We are waiting for a surveyor.")
    complaint.refresh_from_db()
    assert complaint.status == FeedbackStatus.ACKNOWLEDGED
    assert stage(complaint).responded_at is None
    assert complaint.replies.get().body.startswith("We need more time")


def test_stage_2_cannot_start_before_anyone_has_handled_stage_1(resident, staff, colleague):
    from django.core.exceptions import ValidationError

    from residents.feedback import services as services

    complaint = feedback_from(resident.resident, kind=FeedbackKind.COMPLAINT)
    with pytest.raises(ValidationError, match="Acknowledge stage 1 first"):
        services.escalate_complaint(feedback=complaint, actor=staff, handler=colleague)
    assert not ComplaintStage.objects.filter(feedback=complaint, stage=2).exists()
