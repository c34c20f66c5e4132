"""Staff triage of feedback: the queue's filters and order, one item's page and its actions (assign, status,
reply, staff note), the emails those send or never send, and what the queue, item and hazards pages cost."""

import re
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from residents.feedback.filters import FeedbackQueueFilter
from residents.feedback.services import add_note, assign_feedback, confirm_hazard, reply_to_resident
from residents.models import (
    Block,
    Feedback,
    FeedbackCategory,
    FeedbackEvent,
    FeedbackKind,
    FeedbackNote,
    FeedbackPhoto,
    FeedbackReply,
    FeedbackStatus,
    Hazard,
    HazardReview,
    HazardSeverity,
    Home,
    Neighbourhood,
    OutboundEmail,
    Resident,
    Role,
    Tenure,
    User,
)
from residents.outbox.services import send_queued_emails
from residents.people.services.register import forget_register_totals

from ..factories import UserFactory, feedback_from
from ..querycount import queries_for_get

LONDON = ZoneInfo("Europe/London")
QUEUE_URL = reverse("residents:feedback_queue")
HAZARDS_URL = reverse("residents:hazards")


def page(response) -> str:
    return unescape(response.content.decode())


def references(response) -> list[str]:
    """The references listed in the queue's table, in order."""
    return re.findall(r">(FB-\d{6})</a>", page(response))


def item_url(feedback: Feedback, name: str = "residents:feedback_item") -> str:
    return reverse(name, kwargs={"pk": feedback.pk})


@pytest.fixture
def staff_client(client_for, staff) -> Client:
    return client_for("staff")


@pytest.fixture
def colleague(db):
    return UserFactory(email="colleague@example.org", full_name="Cath Colleague", role=Role.STAFF, mfa=True)


@pytest.fixture
def amina(resident) -> Resident:
    """The `resident` persona's register entry."""
    return resident.resident


# The queue -------------------------------------------------------------------------------------------------


def test_queue_lists_open_items_soonest_deadline_first_then_oldest_without_one(staff_client, amina, staff):
    with time_machine.travel(datetime(2026, 11, 16, 9, 0, tzinfo=LONDON), tick=False):
        old_comment = feedback_from(amina, text="The bins were not emptied.")
    with time_machine.travel(datetime(2026, 11, 17, 9, 0, tzinfo=LONDON), tick=False):
        complaint = feedback_from(amina, kind=FeedbackKind.COMPLAINT, text="Nobody came to fix the door.")
    with time_machine.travel(datetime(2026, 11, 18, 9, 0, tzinfo=LONDON), tick=False):
        later_comment = feedback_from(amina, text="The lights on the stairs are out.")
        closed = feedback_from(amina, text="Thank you for the new fence.", kind=FeedbackKind.COMPLIMENT)
        Feedback.objects.filter(pk=closed.pk).update(status=FeedbackStatus.CLOSED)
    with time_machine.travel(datetime(2026, 11, 19, 9, 0, tzinfo=LONDON), tick=False):
        leak = feedback_from(amina, text="Water is coming through the ceiling by the light.")
        confirm_hazard(feedback=leak, actor=staff, severity=HazardSeverity.EMERGENCY)  # due in 24 hours

    with time_machine.travel(datetime(2026, 11, 19, 12, 0, tzinfo=LONDON), tick=False):
        by_due = staff_client.get(QUEUE_URL)
        newest = staff_client.get(QUEUE_URL, {"sort": "newest"})

    assert references(by_due) == [leak.reference, complaint.reference, old_comment.reference, later_comment.reference]
    assert references(newest) == [leak.reference, later_comment.reference, complaint.reference, old_comment.reference]
    assert "4 items match." in page(by_due)
    assert "Due in 21 hours" in page(by_due)


def test_queue_filters_by_status_kind_category_and_neighbourhood(staff_client, amina, other_resident, staff):
    complaint = feedback_from(amina, kind=FeedbackKind.COMPLAINT, category=FeedbackCategory.REPAIRS)
    suggestion = feedback_from(amina, kind=FeedbackKind.SUGGESTION, category=FeedbackCategory.GROUNDS)
    elsewhere = feedback_from(other_resident.resident, kind=FeedbackKind.SUGGESTION, category=FeedbackCategory.REPAIRS)
    closed = feedback_from(amina, kind=FeedbackKind.COMPLIMENT)
    Feedback.objects.filter(pk=closed.pk).update(status=FeedbackStatus.CLOSED)
    hillside = Neighbourhood.objects.get(name="Hillside")

    def listed(**filters) -> set[str]:
        response = staff_client.get(QUEUE_URL, filters)
        assert response.status_code == 200
        return set(references(response))

    assert listed() == {complaint.reference, suggestion.reference, elsewhere.reference}
    assert listed(status="closed") == {closed.reference}
    assert listed(status="any") == {complaint.reference, suggestion.reference, elsewhere.reference, closed.reference}
    assert listed(kind="suggestion") == {suggestion.reference, elsewhere.reference}
    assert listed(category="repairs") == {complaint.reference, elsewhere.reference}
    assert listed(neighbourhood=hillside.pk) == {elsewhere.reference}
    assert listed(kind="suggestion", category="repairs") == {elsewhere.reference}


def test_queue_filters_by_assignee_me_nobody_or_a_colleague(staff_client, amina, staff, colleague):
    mine = feedback_from(amina)
    theirs = feedback_from(amina)
    nobodys = feedback_from(amina)
    assign_feedback(feedback=mine, assignee=staff, actor=staff)
    assign_feedback(feedback=theirs, assignee=colleague, actor=staff)

    def listed(assignee) -> list[str]:
        return references(staff_client.get(QUEUE_URL, {"assignee": assignee}))

    assert listed("me") == [mine.reference]
    assert listed("nobody") == [nobodys.reference]
    assert listed(colleague.pk) == [theirs.reference]
    row = re.search(rf"{theirs.reference}</a>.*?</tr>", page(staff_client.get(QUEUE_URL)), re.S).group(0)
    assert "Cath Colleague" in row


def test_queue_names_an_assignee_who_has_left_and_a_neighbourhood_added_since_the_register_was_counted(
    staff_client, amina, staff, colleague
):
    item = feedback_from(amina)
    assign_feedback(feedback=item, assignee=colleague, actor=staff)
    User.objects.filter(pk=colleague.pk).update(is_active=False)
    staff_client.get(QUEUE_URL)  # the staff, and the register totals with their neighbourhoods, are cached
    newly_built = Neighbourhood.objects.create(name="Riverside Park")
    Feedback.objects.filter(pk=item.pk).update(neighbourhood=newly_built)

    html = page(staff_client.get(QUEUE_URL))

    row = re.search(rf"{item.reference}</a>.*?</tr>", html, re.S).group(0)
    assert "Cath Colleague" in row and "Riverside Park" in row
    assert '<option value="' + str(colleague.pk) + '"' not in html, "only active staff are offered as a filter"


def test_queue_filters_possible_hazards_and_shows_the_hazard_badge(staff_client, amina):
    mould = feedback_from(amina, text="There is black mould on the bedroom wall.")
    feedback_from(amina, text="The hedge needs cutting.")

    response = staff_client.get(QUEUE_URL, {"possible_hazards": "on"})

    assert references(response) == [mould.reference]
    assert "Possible hazard" in page(response)


def test_queue_says_how_overdue_an_item_is_in_words_with_a_marker_that_is_not_only_colour(staff_client, amina):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=LONDON), tick=False):
        complaint = feedback_from(amina, kind=FeedbackKind.COMPLAINT)  # acknowledge by end of Mon 9 November
    with time_machine.travel(datetime(2026, 11, 12, 9, 0, tzinfo=LONDON), tick=False):
        html = page(staff_client.get(QUEUE_URL))

    row = re.search(rf"{complaint.reference}</a>.*?</tr>", html, re.S).group(0)
    assert ">Overdue</span>" in row
    assert "Overdue by 2 days" in row
    assert "By Mon 9 Nov 2026, 23:59" in row


def test_a_filter_value_that_is_not_a_choice_is_reported_and_the_rest_still_apply(staff_client, amina):
    complaint = feedback_from(amina, kind=FeedbackKind.COMPLAINT)
    feedback_from(amina)

    response = staff_client.get(QUEUE_URL, {"status": "lost", "kind": "complaint"})

    assert response.status_code == 200
    assert "There is a problem" in page(response)
    assert "Status: Select a valid choice." in page(response)
    assert references(response) == [complaint.reference]


def test_the_filters_chosen_stay_chosen_and_a_wrong_one_is_marked_next_to_its_field(staff_client, amina, staff):
    area = amina.home.block.neighbourhood
    chosen = {"kind": "complaint", "neighbourhood": area.pk, "assignee": str(staff.pk), "overdue": "on"}

    html = page(staff_client.get(QUEUE_URL, chosen))

    assert '<option value="complaint" selected>Complaint</option>' in html
    assert f'<option value="{area.pk}" selected>{area.name}</option>' in html
    assert f'<option value="{staff.pk}" selected>{staff}</option>' in html
    assert '<option value="open" selected>Open (not closed)</option>' in html  # the default
    assert " checked" in checkbox(html, "filter-overdue")
    assert " checked" not in checkbox(html, "filter-possible_hazards")
    wrong = page(staff_client.get(QUEUE_URL, {"status": "lost"}))
    status = re.search(r'<select name="status"[^>]*>', wrong).group(0)
    assert 'aria-invalid="true"' in status and 'aria-describedby="filter-status_error"' in status
    error = re.search(r'<div id="filter-status_error" class="invalid-feedback">(.*?)</div>', wrong, re.S).group(1)
    assert "Select a valid choice." in error
    assert '<a href="#filter-status">Status: Select a valid choice.' in wrong, "and summarised at the top"


def checkbox(html: str, id_: str) -> str:
    return re.search(rf'<input type="checkbox"[^>]*id="{id_}"[^>]*>', html).group(0)


def test_queue_shows_25_items_a_page(staff_client, amina):
    items = [feedback_from(amina) for _ in range(27)]

    first = staff_client.get(QUEUE_URL, {"sort": "newest"})
    second = staff_client.get(QUEUE_URL, {"sort": "newest", "page": 2})

    assert len(references(first)) == 25
    assert references(second) == [items[1].reference, items[0].reference]
    assert "Page 2 of 2" in page(second)
    assert "sort=newest&amp;page=1" in second.content.decode(), "the filters are kept from page to page"


# One item --------------------------------------------------------------------------------------------------


def test_item_page_shows_the_resident_what_they_said_photos_and_how_it_came_in(staff_client, amina, staff):
    feedback = feedback_from(
        amina, logged_by=staff, channel="phone", text="Mrs Okafor rang: the entry phone is broken."
    )
    photo = FeedbackPhoto.objects.create(
        feedback=feedback, file="feedback/1/photo.jpg", content_type="image/jpeg", size=1000
    )

    html = page(staff_client.get(item_url(feedback)))

    assert "Mrs Okafor rang: the entry phone is broken." in html
    assert reverse("residents:resident_detail", kwargs={"pk": amina.pk}) in html
    assert "resident@example.org" in html
    assert amina.home.address in html
    assert "Phone call, logged by Sam Staff" in html
    assert reverse("residents:feedback_photo", kwargs={"pk": feedback.pk, "photo_pk": photo.pk}) in html
    assert "Reply to the resident" in html
    assert "Staff only: the resident never sees this." in html


def test_assigning_an_item_shows_on_the_page_and_in_its_history(staff_client, amina, colleague):
    feedback = feedback_from(amina)

    response = staff_client.post(item_url(feedback, "residents:feedback_assign"), {"assignee": colleague.pk})

    assert response.status_code == 302
    assert response["Location"] == item_url(feedback)
    feedback.refresh_from_db()
    assert feedback.assignee == colleague
    html = page(staff_client.get(item_url(feedback)))
    assert "Assigned to Cath Colleague." in html
    assert "Assigned to Cath Colleague" in html.split("History")[-1]

    staff_client.post(item_url(feedback, "residents:feedback_assign"), {"assignee": ""})
    feedback.refresh_from_db()
    assert feedback.assignee is None


def test_an_item_can_only_be_assigned_to_staff(staff_client, amina, resident):
    feedback = feedback_from(amina)

    response = staff_client.post(item_url(feedback, "residents:feedback_assign"), {"assignee": resident.pk})

    assert response.status_code == 200
    assert "Assigned to: Select a valid choice." in page(response)
    feedback.refresh_from_db()
    assert feedback.assignee is None


def test_changing_the_status_is_kept_in_the_history_and_moves_the_item_out_of_the_open_queue(staff_client, amina):
    feedback = feedback_from(amina)

    response = staff_client.post(item_url(feedback, "residents:feedback_status"), {"status": "closed"}, follow=True)

    html = page(response)
    assert "The status is now: Closed." in html
    history = html.split("History")[-1]
    assert "Status changed" in history
    assert "Received → Closed" in history
    assert FeedbackEvent.objects.filter(feedback=feedback, action="status", actor__email="staff@example.org").exists()
    assert references(staff_client.get(QUEUE_URL)) == []
    assert references(staff_client.get(QUEUE_URL, {"status": "closed"})) == [feedback.reference]


def test_a_status_that_is_not_a_choice_is_refused_next_to_the_form(staff_client, amina):
    feedback = feedback_from(amina)

    response = staff_client.post(item_url(feedback, "residents:feedback_status"), {"status": "lost"})

    assert response.status_code == 200
    assert "Status: Select a valid choice. lost is not one of the available choices." in page(response)
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.NEW


def test_a_reply_is_queued_as_email_and_the_resident_gets_it(staff_client, amina):
    feedback = feedback_from(amina)
    mail.outbox.clear()

    response = staff_client.post(
        item_url(feedback, "residents:feedback_reply"), {"body": "A cleaner is booked for Tuesday."}, follow=True
    )

    assert "We are emailing it to resident@example.org." in page(response)
    reply = FeedbackReply.objects.get(feedback=feedback)
    queued = OutboundEmail.objects.get(key=f"feedback-reply:{reply.pk}")
    assert queued.to == "resident@example.org"
    assert mail.outbox == [], "nothing goes until the outbox relay runs"

    send_queued_emails()

    [email] = [m for m in mail.outbox if m.subject == f"A reply about {feedback.reference}"]
    assert email.to == ["resident@example.org"]
    assert "A cleaner is booked for Tuesday." in email.body
    assert "A cleaner is booked for Tuesday." in page(response).split("History")[-1]
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RESPONDED


def test_an_empty_reply_is_refused_and_nothing_is_sent(staff_client, amina):
    feedback = feedback_from(amina)

    response = staff_client.post(item_url(feedback, "residents:feedback_reply"), {"body": "  "})

    assert response.status_code == 200
    assert "Reply to the resident: Write the reply to the resident." in page(response)
    assert not FeedbackReply.objects.exists()
    assert not OutboundEmail.objects.filter(key__startswith="feedback-reply:").exists()


def test_a_failed_form_keeps_what_was_typed(staff_client, amina):
    feedback = feedback_from(amina, kind=FeedbackKind.COMPLAINT)

    response = staff_client.post(
        item_url(feedback, "residents:feedback_complaint"),
        {"action": "extend", "days": "12", "reason": "We are waiting for the surveyor."},
    )

    html = page(response)
    assert response.status_code == 200
    assert "Extra working days: A stage can be extended by at most 10 working days." in html
    assert "We are waiting for the surveyor.</textarea>" in html
    assert 'name="days" value="12"' in html


def test_a_staff_note_is_never_emailed_or_shown_to_the_resident(staff_client, client_for, amina):
    feedback = feedback_from(amina)
    note = "Neighbour says the resident is away until March."

    response = staff_client.post(item_url(feedback, "residents:feedback_note"), {"body": note}, follow=True)

    html = page(response)
    assert "Staff note added. The resident never sees it." in html
    assert "Staff note (the resident never sees this)" in html.split("History")[-1]
    assert note in html.split("History")[-1]
    assert FeedbackNote.objects.get(feedback=feedback).body == note
    assert not OutboundEmail.objects.filter(body__contains="away until March").exists()
    send_queued_emails()
    assert all("away until March" not in m.body for m in mail.outbox)
    resident_page = page(client_for("resident").get(reverse("residents:feedback_detail", kwargs={"pk": feedback.pk})))
    assert "away until March" not in resident_page


def test_history_lists_events_replies_and_notes_in_time_order(staff_client, amina, staff, colleague):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=LONDON), tick=False):
        feedback = feedback_from(amina)
    with time_machine.travel(datetime(2026, 11, 2, 10, 0, tzinfo=LONDON), tick=False):
        add_note(feedback=feedback, author=staff, body="First a note.")
    with time_machine.travel(datetime(2026, 11, 2, 11, 0, tzinfo=LONDON), tick=False):
        reply_to_resident(feedback=feedback, author=staff, body="Then a reply.")
    with time_machine.travel(datetime(2026, 11, 2, 12, 0, tzinfo=LONDON), tick=False):
        assign_feedback(feedback=feedback, assignee=colleague, actor=staff)

    history = page(staff_client.get(item_url(feedback))).split("History")[-1]

    order = [history.index(text) for text in ["Logged by the resident", "First a note.", "Then a reply.", "Cath"]]
    assert order == sorted(order)


def test_posting_without_the_csrf_token_is_refused(staff, amina):
    feedback = feedback_from(amina)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)

    refused = client.post(item_url(feedback, "residents:feedback_note"), {"body": "No token."})

    assert refused.status_code == 403
    assert not FeedbackNote.objects.exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(item_url(feedback)).content.decode())
    accepted = client.post(
        item_url(feedback, "residents:feedback_note"), {"body": "With token.", "csrfmiddlewaretoken": token.group(1)}
    )
    assert accepted.status_code == 302
    assert FeedbackNote.objects.get().body == "With token."


def test_an_action_the_page_never_sends_is_a_bad_request(staff_client, amina):
    feedback = feedback_from(amina)

    for name in ["residents:feedback_complaint", "residents:feedback_hazard"]:
        assert staff_client.post(item_url(feedback, name), {"action": "delete"}).status_code == 400


def test_staff_home_says_what_to_do_next(client_for, amina, staff):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=LONDON), tick=False):
        feedback_from(amina, kind=FeedbackKind.COMPLAINT)
        mine = feedback_from(amina, text="There is damp in the hall.")
        assign_feedback(feedback=mine, assignee=staff, actor=staff)
    with time_machine.travel(datetime(2026, 11, 12, 9, 0, tzinfo=LONDON), tick=False):
        html = page(client_for("staff").get(reverse("residents:staff_home")))

    assert "2 open feedback items" in html
    assert "1 assigned to you" in html
    assert "1 item past a complaint or hazard deadline" in html
    assert "1 report to check for a hazard" in html


def test_a_queue_page_past_the_end_shows_the_last_page(staff_client, amina):
    items = [feedback_from(amina) for _ in range(27)]

    for past in ("3", "99", "0", "-1"):
        assert references(staff_client.get(QUEUE_URL, {"sort": "newest", "page": past})) == [
            items[1].reference,
            items[0].reference,
        ], past
    assert len(references(staff_client.get(QUEUE_URL, {"page": "first"}))) == 25


# What the pages cost ----------------------------------------------------------------------------------------

SMALL = 10
LARGE = 5_000


def grow_feedback_to(total: int, *, staff) -> None:
    """Add feedback with bulk_create until there are `total` items, with everything the pages read growing too:
    every status, kind and category, assignees, deadlines past and to come, possible, confirmed (with clocks
    running, met and breached) and dismissed hazards, replies, notes and history."""
    start = Feedback.objects.count()
    count = total - start
    assert count > 0
    areas = Neighbourhood.objects.bulk_create([Neighbourhood(name=f"Queue area {start}-{i}") for i in range(5)])
    blocks = Block.objects.bulk_create([Block(neighbourhood=n, name=f"Queue block {start}") for n in areas])
    homes = Home.objects.bulk_create(
        [
            Home(
                property_reference=f"Q-{start}-{i}",
                block=blocks[i % len(blocks)],
                address_line_1=f"{i + 1} Queue Street",
                postcode="LS6 2AB",
                tenure=Tenure.LCRA,
            )
            for i in range(50)
        ]
    )
    residents = Resident.objects.bulk_create(
        [
            Resident(
                resident_reference=f"Q-R-{start}-{i}",
                tenancy_reference=f"Q-T-{start}-{i}",
                home=home,
                first_name="Queue",
                last_name=f"Resident {i}",
            )
            for i, home in enumerate(homes)
        ]
    )
    now = timezone.now()
    reviews = [HazardReview.CONFIRMED, HazardReview.POSSIBLE, HazardReview.POSSIBLE, HazardReview.DISMISSED]

    def item(i: int) -> Feedback:
        resident = residents[i % len(residents)]
        kind = list(FeedbackKind)[i % len(FeedbackKind)]
        # Some logged for a neighbourhood with nobody behind them (walkabout issues): no resident, home or block.
        nobody = i % 7 == 3 and kind != FeedbackKind.COMPLAINT
        return Feedback(
            resident=None if nobody else resident,
            home=None if nobody else resident.home,
            block=None if nobody else resident.home.block,
            neighbourhood=resident.home.block.neighbourhood,
            kind=kind,
            category=list(FeedbackCategory)[i % len(FeedbackCategory)],
            text="Bulk feedback",
            status=list(FeedbackStatus)[i // 3 % len(FeedbackStatus)],
            assignee=staff if i % 3 == 0 else None,
            hazard_review=reviews[i % 10] if i % 10 < len(reviews) else HazardReview.NONE,
            next_due_at=now + timedelta(days=i % 21 - 10) if i % 2 else None,
            created_at=now - timedelta(hours=i),
        )

    items = Feedback.objects.bulk_create([item(i) for i in range(count)])
    confirmed = [item for item in items if item.hazard_review == HazardReview.CONFIRMED]
    Hazard.objects.bulk_create(
        [
            Hazard(
                feedback=item,
                severity=HazardSeverity.DAMP_MOULD,
                aware_at=item.created_at,
                confirmed_by=staff,
                investigate_due=item.created_at + timedelta(days=14),
                # A third still investigating, a third investigated late, a third with every clock met.
                investigated_at=None if i % 3 == 0 else item.created_at + timedelta(days=20 if i % 3 == 1 else 2),
                summary_due=None if i % 3 == 0 else item.created_at + timedelta(days=25),
                summary_sent_at=item.created_at + timedelta(days=4) if i % 3 == 2 else None,
                make_safe_due=None if i % 3 == 0 else item.created_at + timedelta(days=27),
                made_safe_at=item.created_at + timedelta(days=5) if i % 3 == 2 else None,
                further_work_due=None if i % 3 == 0 else item.created_at + timedelta(weeks=14),
                further_work_started_at=item.created_at + timedelta(days=6) if i % 3 == 2 else None,
            )
            for i, item in enumerate(confirmed)
        ]
    )
    FeedbackEvent.objects.bulk_create([FeedbackEvent(feedback=item, action="received") for item in items])
    FeedbackReply.objects.bulk_create([FeedbackReply(feedback=item, body="Bulk reply") for item in items[::4]])
    FeedbackNote.objects.bulk_create([FeedbackNote(feedback=item, body="Bulk note") for item in items[::5]])
    assert Feedback.objects.count() == total
    forget_register_totals()  # neighbourhoods, homes and residents were added, as an import adds them


# Every page: session and user (two-factor authentication was checked at sign-in and is remembered in the
# session). Then the queue: the neighbourhoods and the staff for its filters, how many items match, and the page of
# them with their residents, neighbourhoods and assignees; the hazards page: the hazards to watch with their
# reports, and the oldest possible hazards with how many there are and how many are past their deadline; the staff
# home: recent imports and one aggregate of the feedback to do (the register totals are cached).
FEEDBACK_PAGES = [
    pytest.param(QUEUE_URL, 6, id="queue"),
    pytest.param(QUEUE_URL + "?status=any&sort=newest&page=2", 6, id="queue-any-newest-page-2"),
    pytest.param(QUEUE_URL + "?assignee=me&overdue=on&kind=complaint", 6, id="queue-mine-overdue-complaints"),
    pytest.param(
        QUEUE_URL + "?possible_hazards=on&category=damp_mould&status=any&assignee=nobody", 6, id="queue-hazards"
    ),
    pytest.param(HAZARDS_URL, 4, id="hazards"),
    pytest.param(reverse("residents:staff_home"), 5, id="staff_home"),
]


@pytest.mark.parametrize(("url", "expected"), FEEDBACK_PAGES)
def test_page_costs_the_same_queries_with_10_and_5000_items_of_feedback(staff_client, staff, url, expected):
    grow_feedback_to(SMALL, staff=staff)
    small = queries_for_get(staff_client, url)

    grow_feedback_to(LARGE, staff=staff)
    large = queries_for_get(staff_client, url)

    assert small.count == large.count == expected, f"{small}\n\n{large}"
    assert Feedback.objects.filter(resident__isnull=True).exists()  # items logged for a neighbourhood among them


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("", "feedback_open_by_due"),
        ("overdue=on", "feedback_open_by_due"),
        ("status=any&sort=newest", "feedback_newest"),
    ],
)
def test_a_page_of_the_queue_is_read_from_the_index_of_its_order(staff, rf, query, index):
    """25 rows read in the order of an index and no more, rather than every match read and sorted."""
    grow_feedback_to(LARGE, staff=staff)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Feedback._meta.db_table}")
    request = rf.get(QUEUE_URL, QueryDict(query))
    request.user = staff

    plan = FeedbackQueueFilter(request.GET, request=request).qs[:25].explain()

    assert f"Index Scan using {index} on {Feedback._meta.db_table}" in plan, plan
    assert "Sort" not in plan, plan


def test_item_page_costs_the_same_queries_with_a_short_and_a_long_history(staff_client, staff, amina):
    feedback = feedback_from(amina, kind=FeedbackKind.COMPLAINT, text="Damp in the hall.")
    confirm_hazard(feedback=feedback, actor=staff, severity=HazardSeverity.DAMP_MOULD)
    short = queries_for_get(staff_client, item_url(feedback))

    for n in range(20):
        add_note(feedback=feedback, author=staff, body=f"Note {n}")
        reply_to_resident(feedback=feedback, author=staff, body=f"Reply {n}")
        FeedbackPhoto.objects.create(feedback=feedback, file=f"feedback/x/{n}.jpg", content_type="image/jpeg", size=1)
    long = queries_for_get(staff_client, item_url(feedback))

    assert short.count == long.count, f"{short}\n\n{long}"
