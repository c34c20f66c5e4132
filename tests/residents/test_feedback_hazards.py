"""Hazards under Awaab's Law: reports that mention damp, mould or danger are flagged for staff to check;
confirming one starts its clocks from when the report reached us; recording the investigation starts the
later clocks; a missed clock is a breach on the hazards page and on the item.

Clocks are frozen with time-machine. Working-day deadlines end at 23:59:59 London time.
"""

import re
from datetime import datetime, timedelta
from html import unescape
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import reverse

from residents.models import Feedback, FeedbackCategory, FeedbackEvent, FeedbackKind, Hazard, HazardReview

from ..factories import SignedInClient, feedback_from

LONDON = ZoneInfo("Europe/London")
HAZARDS_URL = reverse("residents:hazards")
QUEUE_URL = reverse("residents:feedback_queue")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0):
    return time_machine.travel(datetime(year, month, day, hour, minute, tzinfo=LONDON), tick=False)


def end_of(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, tzinfo=LONDON)


def page(response) -> str:
    return unescape(response.content.decode())


def item_url(feedback: Feedback) -> str:
    return reverse("residents:feedback_item", kwargs={"pk": feedback.pk})


def act(client: Client, feedback: Feedback, action: str, **fields):
    url = reverse("residents:feedback_hazard", kwargs={"pk": feedback.pk})
    return client.post(url, {"action": action, **fields}, follow=True)


def section(html: str, heading: str) -> str:
    """The part of the hazards page under one h2 heading."""
    return html.split(f">{heading}</h2>")[1].split("<h2")[0]


@pytest.fixture
def staff_client(staff) -> Client:
    return SignedInClient(staff)


@pytest.fixture
def mould(resident) -> Feedback:
    """A report of damp and mould that reached us on Christmas Eve 2026, a Thursday."""
    with at(2026, 12, 24, 10, 0):
        return feedback_from(
            resident.resident,
            category=FeedbackCategory.REPAIRS,
            text="There is damp and black mould on the bedroom wall and my son's asthma is worse.",
        )


def test_damp_and_mould_words_flag_a_possible_hazard_for_staff_to_check(staff_client, mould, resident):
    hedge = feedback_from(resident.resident, text="The hedge by the bins needs cutting.")

    assert mould.hazard_review == HazardReview.POSSIBLE
    assert mould.hazard_words == ["damp", "mould"]
    assert hedge.hazard_review == HazardReview.NONE

    item = page(staff_client.get(item_url(mould)))
    assert "Possible hazard" in item
    assert "It mentions: damp, mould." in item
    possible = section(page(staff_client.get(HAZARDS_URL)), "Possible hazards to check")
    assert mould.reference in possible
    assert hedge.reference not in possible
    assert re.findall(r">(FB-\d{6})</a>", page(staff_client.get(QUEUE_URL, {"possible_hazards": "on"}))) == [
        mould.reference
    ]


def test_the_hazards_page_lists_the_oldest_50_reports_to_check_and_says_how_many_there_are(staff_client, resident):
    reports = []
    for day in range(52):
        with at(2026, 10, 1 + day % 28, 9 + day // 28):
            reports.append(feedback_from(resident.resident, text=f"Black mould in room {day + 1}."))
    oldest = sorted(reports, key=lambda item: (item.created_at, item.pk))

    possible = section(page(staff_client.get(HAZARDS_URL)), "Possible hazards to check")

    assert "52 reports to check, oldest first. The oldest 50 are listed" in possible
    assert re.findall(r">(FB-\d{6})</a>", possible) == [item.reference for item in oldest[:50]]


def test_confirming_damp_and_mould_starts_a_10_working_day_investigation_clock_from_the_report(
    staff_client, mould, staff
):
    with at(2026, 12, 29, 15):  # confirmed days later: the clock still runs from Christmas Eve
        response = act(staff_client, mould, "confirm", severity="damp_mould")

    html = page(response)
    assert "Hazard confirmed: Significant damp and mould. Investigate by Tuesday 12 January 2027, 23:59." in html
    hazard = Hazard.objects.get(feedback=mould)
    assert hazard.aware_at == datetime(2026, 12, 24, 10, 0, tzinfo=LONDON)
    assert hazard.investigate_due == end_of(2027, 1, 12)
    assert hazard.confirmed_by == staff
    mould.refresh_from_db()
    assert mould.hazard_review == HazardReview.CONFIRMED
    assert mould.category == FeedbackCategory.DAMP_MOULD
    assert mould.next_due_at == end_of(2027, 1, 12)
    assert "By Tue 12 Jan 2027, 23:59" in html
    assert "Record: Investigation finished" in html
    assert mould.reference in section(page(staff_client.get(HAZARDS_URL)), "Hazards with clocks still running")


def test_recording_the_investigation_starts_the_summary_safety_work_and_further_work_clocks(staff_client, mould):
    with at(2026, 12, 29):
        act(staff_client, mould, "confirm", severity="damp_mould")
    with at(2027, 1, 6, 14, 0):  # a Wednesday
        response = act(staff_client, mould, "step", step="investigated")

    hazard = Hazard.objects.get(feedback=mould)
    assert hazard.investigated_at == datetime(2027, 1, 6, 14, 0, tzinfo=LONDON)
    assert hazard.summary_due == end_of(2027, 1, 11)  # 3 working days
    assert hazard.make_safe_due == end_of(2027, 1, 13)  # 5 working days
    # Twelve weeks to the hour: 14:00 GMT on 6 January is 15:00 BST on 31 March.
    assert hazard.further_work_due == datetime(2027, 1, 6, 14, 0, tzinfo=LONDON) + timedelta(weeks=12, hours=1)
    html = page(response)
    assert "Recorded: Investigation finished." in html
    assert "By Mon 11 Jan 2027, 23:59" in html
    assert "By Wed 13 Jan 2027, 23:59" in html
    assert "By Wed 31 Mar 2027, 15:00" in html
    for step in ["Made safe (safety work done)", "Written summary sent to the resident", "Further work started"]:
        assert f"Record: {step}" in html
    mould.refresh_from_db()
    assert mould.next_due_at == end_of(2027, 1, 11), "the next deadline is the written summary"


def test_an_emergency_hazard_must_be_investigated_and_made_safe_within_24_hours(staff_client, resident):
    with at(2026, 11, 20, 18, 30):  # a Friday evening: the clock does not stop for the weekend
        gas = feedback_from(resident.resident, text="I can smell gas in the kitchen.")
    with at(2026, 11, 20, 19, 0):
        response = act(staff_client, gas, "confirm", severity="emergency")

    hazard = Hazard.objects.get(feedback=gas)
    due = datetime(2026, 11, 21, 18, 30, tzinfo=LONDON)
    assert (hazard.investigate_due, hazard.make_safe_due) == (due, due)
    html = page(response)
    assert html.count("By Sat 21 Nov 2026, 18:30") == 3, "the item's next deadline and both clocks"
    assert "Due in 23 hours" in html


def test_a_missed_clock_is_a_breach_on_the_hazards_page_and_on_the_item(staff_client, mould, resident):
    with at(2026, 12, 29):
        act(staff_client, mould, "confirm", severity="damp_mould")
        met = feedback_from(resident.resident, text="Damp under the sink.")
        act(staff_client, met, "confirm", severity="damp_mould")
        for step in ["investigated", "summary_sent", "made_safe", "further_work_started"]:
            act(staff_client, met, "step", step=step)

    with at(2027, 1, 15, 9):
        hazards = page(staff_client.get(HAZARDS_URL))
        item = page(staff_client.get(item_url(mould)))

    breaches = section(hazards, "Breaches")
    assert mould.reference in breaches
    assert "Investigate" in breaches
    assert "Overdue by 2 days" in breaches
    assert met.reference not in breaches
    assert "Breached" in item
    assert "Overdue by 2 days" in item

    with at(2027, 1, 18, 9):
        act(staff_client, mould, "step", step="investigated")
        late = section(page(staff_client.get(HAZARDS_URL)), "Breaches")
    assert mould.reference in late, "done late is still a breach"
    assert "Done 5 days late" in late


def test_dismissing_a_possible_hazard_needs_a_reason(staff_client, mould):
    refused = act(staff_client, mould, "dismiss", reason="")

    assert "Why is this not a hazard?: Say why this is not a hazard." in page(refused)
    mould.refresh_from_db()
    assert mould.hazard_review == HazardReview.POSSIBLE

    dismissed = act(staff_client, mould, "dismiss", reason="Surveyed: it was a stain from an old leak, now dry.")

    assert "Checked: not a hazard." in page(dismissed)
    assert "Not a hazard: Surveyed: it was a stain from an old leak, now dry." in page(dismissed).split("History")[-1]
    mould.refresh_from_db()
    assert mould.hazard_review == HazardReview.DISMISSED
    assert mould.reference not in section(page(staff_client.get(HAZARDS_URL)), "Possible hazards to check")


def test_a_confirmed_hazard_cannot_be_dismissed(staff_client, mould):
    act(staff_client, mould, "confirm", severity="damp_mould")

    response = act(staff_client, mould, "dismiss", reason="Changed my mind.")

    assert "This hazard is confirmed and its clocks are running, so it cannot be dismissed." in page(response)
    mould.refresh_from_db()
    assert mould.hazard_review == HazardReview.CONFIRMED


def test_a_step_cannot_be_recorded_before_the_hazard_is_confirmed_or_twice(staff_client, mould):
    before = act(staff_client, mould, "step", step="investigated")
    assert "Confirm the hazard before recording its steps." in page(before)

    act(staff_client, mould, "confirm", severity="damp_mould")
    act(staff_client, mould, "step", step="investigated")
    twice = act(staff_client, mould, "step", step="investigated")

    assert "Investigation finished is already recorded." in page(twice)
    assert FeedbackEvent.objects.filter(feedback=mould, detail="Investigation finished").count() == 1


def test_a_hazard_with_every_clock_met_leaves_the_running_list(staff_client, mould):
    with at(2026, 12, 29):
        act(staff_client, mould, "confirm", severity="damp_mould")
        for step in ["investigated", "summary_sent", "made_safe", "further_work_started"]:
            act(staff_client, mould, "step", step=step)
        html = page(staff_client.get(HAZARDS_URL))

    assert mould.reference not in section(html, "Hazards with clocks still running")
    assert mould.reference not in section(html, "Breaches")
    assert "No breaches: every clock so far was met in time." in html


# Possible hazards have their investigation deadline from the moment they arrive -----------------------------


def queue_row(html: str, feedback: Feedback) -> str:
    return re.search(rf"{feedback.reference}</a>.*?</tr>", html, re.S).group(0)


def test_a_possible_hazard_shows_and_sorts_by_its_deadline_to_investigate_until_it_is_checked(
    staff_client, resident, staff
):
    with at(2026, 12, 23, 10, 0):
        hedge = feedback_from(resident.resident, text="The hedge by the bins needs cutting.")
    with at(2026, 12, 24, 10, 0):
        mould = feedback_from(resident.resident, text="There is damp and black mould on the bedroom wall.")
    with at(2026, 12, 30, 9, 0):
        complaint = feedback_from(resident.resident, kind=FeedbackKind.COMPLAINT, text="Nobody came, twice.")

    with at(2026, 12, 31, 9, 0):
        html = page(staff_client.get(QUEUE_URL))

    # Ten working days from Christmas Eve (Christmas, Boxing Day and New Year's Day skipped), as if confirmed.
    assert re.findall(r">(FB-\d{6})</a>", html) == [complaint.reference, mould.reference, hedge.reference]
    row = queue_row(html, mould)
    assert "No deadline" not in row
    assert "Due in 12 days" in row and "By Tue 12 Jan 2027, 23:59" in row
    mould.refresh_from_db()
    assert mould.next_due_at == end_of(2027, 1, 12)
    assert "By Tue 12 Jan 2027, 23:59" in page(staff_client.get(item_url(mould)))

    with at(2027, 1, 4, 9, 0):
        act(staff_client, mould, "dismiss", reason="Surveyed: condensation on a cold window, now ventilated.")
    mould.refresh_from_db()
    assert mould.next_due_at is None, "ruled out: no investigation is due"
    with at(2027, 1, 4, 9, 0):
        assert "No deadline" in queue_row(page(staff_client.get(QUEUE_URL)), mould)


def test_confirming_a_possible_hazard_replaces_its_deadline_with_the_hazards_clocks(staff_client, resident):
    with at(2026, 11, 20, 18, 30):
        gas = feedback_from(resident.resident, text="I can smell gas in the kitchen.")
    gas.refresh_from_db()
    assert gas.next_due_at == end_of(2026, 12, 4)

    with at(2026, 11, 20, 19, 0):
        act(staff_client, gas, "confirm", severity="emergency")

    gas.refresh_from_db()
    assert gas.next_due_at == datetime(2026, 11, 21, 18, 30, tzinfo=LONDON)


def test_a_possible_hazard_past_its_deadline_is_a_breach_risk_on_the_hazards_page_and_the_staff_home(
    staff_client, mould, resident
):
    with at(2027, 1, 12, 9, 0):
        recent = feedback_from(resident.resident, text="Condensation on the kitchen window every morning.")
        on_time = page(staff_client.get(HAZARDS_URL))
    assert mould.reference not in section(on_time, "Breach risks: possible hazards not checked in time")

    with at(2027, 1, 13, 9, 0):
        hazards = page(staff_client.get(HAZARDS_URL))
        home = page(staff_client.get(reverse("residents:staff_home")))

    risks = section(hazards, "Breach risks: possible hazards not checked in time")
    assert "1 report flagged as a possible hazard is past the deadline to investigate" in risks
    assert mould.reference in risks and recent.reference not in risks
    assert "Overdue by 9 hours" in risks
    possible = section(hazards, "Possible hazards to check")
    assert "By Tue 26 Jan 2027, 23:59" in possible, "each report to check shows its deadline to investigate"
    assert "2 reports to check for a hazard" in home
    assert "1 is past the deadline to investigate" in home
    assert "1 item past a complaint or hazard deadline" in home
    words = " ".join(re.sub(r"<[^>]+>", " ", home).split())
    assert "The oldest must be investigated: Overdue Overdue by 9 hours By Tue 12 Jan 2027, 23:59" in words


def test_reports_flagged_before_the_upgrade_get_their_deadline_to_investigate(mould, resident):
    set_possible_hazard_deadlines = import_module(
        "residents.migrations.0008_possible_hazard_deadlines"
    ).set_possible_hazard_deadlines
    with at(2026, 12, 29):
        complaint = feedback_from(resident.resident, kind="complaint", text="Damp in the hall, and nobody came.")
    Feedback.objects.filter(pk=mould.pk).update(next_due_at=None)  # as the earlier code left it
    acknowledge_by = Feedback.objects.get(pk=complaint.pk).next_due_at

    set_possible_hazard_deadlines(apps, None)

    assert Feedback.objects.get(pk=mould.pk).next_due_at == end_of(2027, 1, 12)
    assert Feedback.objects.get(pk=complaint.pk).next_due_at == acknowledge_by, "a sooner deadline stays"
