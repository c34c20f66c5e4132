"""A resident gives feedback (with photos), follows it and reads our replies; staff log feedback for a resident
who phoned. Internal notes never reach a resident's page, email or data download."""

import io
import json
import re
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from residents.feedback import services as feedback_services
from residents.models import (
    ComplaintStage,
    Feedback,
    FeedbackNote,
    FeedbackPhoto,
    FeedbackReply,
    FeedbackStatus,
    OutboundEmail,
    UpdateStatus,
    YouSaidWeDid,
)
from residents.outbox import services as outbox
from residents.updates import services as update_services

from ..factories import ResidentFactory
from ..querycount import queries_for_get

LONDON = ZoneInfo("Europe/London")
MY_FEEDBACK_URL = reverse("residents:my_feedback")
NEW_URL = reverse("residents:feedback_new")
HOME_URL = reverse("residents:home")
EXPORT_URL = reverse("residents:data_export")
FORM = {
    "kind": "service_request",
    "category": "repairs",
    "scope": "home",
    "text": "The kitchen tap drips all night and keeps me awake.",
}
MB = 1024 * 1024


def page(response) -> str:
    return unescape(response.content.decode())


def is_checked(html: str, name: str, value: str) -> bool:
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag and re.search(r"\schecked[\s>/]", tag):
            return True
    return False


def image_bytes(fmt: str, size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, fmt)
    return buffer.getvalue()


def photo(name: str = "tap.png", fmt: str = "PNG", *, pad_to: int = 0) -> SimpleUploadedFile:
    """A real image made with Pillow; pad_to makes the file that many bytes (still a readable image)."""
    data = image_bytes(fmt)
    if pad_to:
        data += b"\0" * (pad_to - len(data))
    return SimpleUploadedFile(name, data, content_type=f"image/{fmt.lower()}")


def detail_url(feedback: Feedback) -> str:
    return reverse("residents:feedback_detail", args=[feedback.pk])


def photo_url(item: FeedbackPhoto) -> str:
    return reverse("residents:feedback_photo", args=[item.feedback_id, item.pk])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def resident_client(client_for, resident) -> Client:
    return client_for("resident")


@pytest.fixture
def sent(resident_client) -> Feedback:
    """Feedback the resident sent through the portal, with one photo."""
    resident_client.post(NEW_URL, FORM | {"photos": [photo()]})
    return Feedback.objects.get()


def add_feedback(resident_user, count: int, *, replies_each: int = 0) -> list[Feedback]:
    """Bulk-made items for the resident, one minute apart, the first the newest."""
    entry = resident_user.resident
    home = entry.home
    now = timezone.now()
    items = Feedback.objects.bulk_create(
        [
            Feedback(
                resident=entry,
                kind="comment",
                category="grounds",
                home=home,
                block=home.block,
                neighbourhood=home.block.neighbourhood,
                text=f"Bulk item {n}",
                created_at=now - timedelta(minutes=n),
            )
            for n in range(count)
        ]
    )
    FeedbackReply.objects.bulk_create(
        [FeedbackReply(feedback=item, body=f"Reply {n}") for item in items for n in range(replies_each)]
    )
    return items


# Sending feedback ----------------------------------------------------------------------------------------------


def test_the_form_explains_what_happens_next_and_to_phone_in_emergencies(resident_client):
    html = page(resident_client.get(NEW_URL))

    assert 'enctype="multipart/form-data"' in html
    assert "What happens next" in html
    assert "Is it an emergency?" in html and "0300 123 4568" in html and "If you smell gas" in html
    assert re.search(r'<input type="file" name="photos"[^>]* multiple', html)
    for label in ("What kind of feedback is it?", "What is it about?", "Where is it?", "What do you want to tell us?"):
        assert label in html


def test_resident_sends_feedback_with_a_png_and_a_jpeg_and_gets_the_reference(resident_client, resident, tmp_path):
    response = resident_client.post(
        NEW_URL, FORM | {"photos": [photo("holiday-snap.png"), photo("IMG_0042.jpg", "JPEG")]}
    )

    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(feedback)
    html = page(resident_client.get(response["Location"]))
    assert f"We have received it. Your reference is {feedback.reference}." in html
    assert re.fullmatch(r"FB-\d{6}", feedback.reference)
    assert FORM["text"] in html
    assert "Received" in html
    assert f'alt="Photo 1 you sent with {feedback.reference}"' in html
    assert f'alt="Photo 2 you sent with {feedback.reference}"' in html

    assert (feedback.resident, feedback.logged_by, feedback.channel) == (resident.resident, resident, "portal")
    assert (feedback.kind, feedback.category, feedback.scope) == ("service_request", "repairs", "home")
    photos = list(feedback.photos.order_by("id"))
    assert [p.content_type for p in photos] == ["image/png", "image/jpeg"]
    for saved in photos:
        assert (tmp_path / saved.file.name).is_file()
        assert "holiday" not in saved.file.name and "IMG" not in saved.file.name  # names are the server's own


def test_a_text_file_named_jpg_is_refused_next_to_the_field_and_what_was_typed_is_kept(resident_client):
    fake = SimpleUploadedFile("notes.jpg", b"Remember to buy milk.\n" * 20, content_type="image/jpeg")

    response = resident_client.post(NEW_URL, FORM | {"photos": [photo(), fake]})

    html = page(response)
    assert response.status_code == 200
    assert not Feedback.objects.exists()
    assert "There is a problem" in html
    message = "notes.jpg is not a photo we can use. Upload a JPEG, PNG or WebP image. Choose your photos again."
    assert re.search(r'id="error_1_id_photos"><strong>' + re.escape(message), html)
    assert f'href="#id_photos">Photos: {message}' in html  # in the summary, linked to the field
    assert FORM["text"] + "</textarea>" in html
    assert is_checked(html, "kind", "service_request")
    assert is_checked(html, "category", "repairs")
    assert is_checked(html, "scope", "home")


def test_a_photo_over_10_mb_is_refused(resident_client):
    big = photo("big.jpg", "JPEG", pad_to=11 * MB)

    html = page(resident_client.post(NEW_URL, FORM | {"photos": [big]}))

    assert "big.jpg is larger than 10 MB. Take a smaller photo or reduce its size. Choose your photos again." in html
    assert not Feedback.objects.exists()


def test_a_photo_of_exactly_10_mb_is_accepted(resident_client):
    resident_client.post(NEW_URL, FORM | {"photos": [photo("just-fits.jpg", "JPEG", pad_to=10 * MB)]})

    kept = FeedbackPhoto.objects.get()  # accepted; stored re-encoded without metadata, so smaller
    assert kept.content_type == "image/jpeg" and 0 < kept.size < 10 * MB


def test_more_than_five_photos_are_refused(resident_client):
    html = page(resident_client.post(NEW_URL, FORM | {"photos": [photo(f"p{n}.png") for n in range(6)]}))

    assert "You can send up to 5 photos and you chose 6. Choose your photos again." in html
    assert not Feedback.objects.exists()


def test_good_photos_must_be_chosen_again_when_another_answer_has_a_problem(resident_client):
    html = page(resident_client.post(NEW_URL, FORM | {"text": "", "photos": [photo()]}))

    assert 'id="error_1_id_text"' in html
    assert "The photos you chose were not kept while you put the problem right. Choose your photos again." in html
    assert not Feedback.objects.exists()


def test_an_empty_form_names_every_missing_answer_and_links_to_it(resident_client):
    html = page(resident_client.post(NEW_URL, {}))

    for field_id, label, message in [
        ("id_kind_0", "What kind of feedback is it?", "Choose what kind of feedback it is."),
        ("id_category_0", "What is it about?", "Choose what it is about."),
        ("id_scope_0", "Where is it?", "Choose where it is."),
        ("id_text", "What do you want to tell us?", "Tell us what you want to say."),
    ]:
        assert f'<a href="#{field_id}">{label}: {message}</a>' in html
        assert f'id="{field_id}"' in html


def test_text_over_5000_characters_is_refused_and_kept(resident_client):
    html = page(resident_client.post(NEW_URL, FORM | {"text": "x" * 5001}))

    assert "Keep it to 5000 characters or fewer. You have written 5001." in html
    assert "x" * 5001 in html
    assert not Feedback.objects.exists()


def test_hazard_words_flag_the_feedback_as_a_possible_hazard(resident_client):
    resident_client.post(NEW_URL, FORM | {"text": "Black mould is spreading on the bedroom wall and it smells damp."})
    resident_client.post(NEW_URL, FORM | {"text": "Please repaint the front door."})

    flagged, plain = Feedback.objects.order_by("id")
    assert flagged.hazard_review == "possible"
    assert flagged.hazard_words == ["mould", "damp"]
    assert plain.hazard_review == "none"


def test_a_complaint_opens_stage_1_with_acknowledgement_due_5_working_days_later(resident_client):
    monday = datetime(2025, 6, 2, 10, 0, tzinfo=LONDON)
    with time_machine.travel(monday, tick=False):
        response = resident_client.post(NEW_URL, FORM | {"kind": "complaint"})
        html = page(resident_client.get(response["Location"]))

    stage = ComplaintStage.objects.get()
    assert stage.stage == 1
    assert stage.acknowledge_due == datetime(2025, 6, 9, 23, 59, 59, tzinfo=LONDON)
    assert stage.response_due == datetime(2025, 6, 23, 23, 59, 59, tzinfo=LONDON)
    assert stage.feedback.next_due_at == stage.acknowledge_due
    assert "Stage 1" in html
    assert "We will acknowledge your complaint by Monday 9 June 2025." in html
    assert "We will respond by Monday 23 June 2025." in html


def test_feedback_that_is_not_a_complaint_has_no_complaint_stage(resident_client):
    response = resident_client.post(NEW_URL, FORM)

    assert not ComplaintStage.objects.exists()
    assert "Your complaint" not in page(resident_client.get(response["Location"]))


# The acknowledgement email -------------------------------------------------------------------------------------


def test_the_acknowledgement_is_queued_with_the_feedback_and_sent_by_the_relay(resident_client, mailoutbox):
    resident_client.post(NEW_URL, FORM)

    feedback = Feedback.objects.get()
    queued = OutboundEmail.objects.get(key=f"feedback-ack:{feedback.pk}")
    assert queued.to == "resident@example.org"
    assert queued.sent_at is None
    assert mail.outbox == []

    assert outbox.send_queued_emails() == 1

    [email] = mail.outbox
    assert email.to == ["resident@example.org"]
    assert feedback.reference in email.subject
    assert detail_url(feedback) in email.body
    assert OutboundEmail.objects.get().sent_at is not None


def test_the_acknowledgement_is_written_in_the_same_transaction_as_the_feedback(resident_client, monkeypatch):
    """If anything fails once the email is queued, the feedback and its email go together: never one alone."""
    real_queue_email = outbox.queue_email

    def queue_then_fail(**kwargs):
        real_queue_email(**kwargs)
        assert OutboundEmail.objects.filter(key=kwargs["key"]).exists()
        raise RuntimeError("the database connection dropped")

    monkeypatch.setattr(outbox, "queue_email", queue_then_fail)
    with pytest.raises(RuntimeError):
        resident_client.post(NEW_URL, FORM | {"photos": [photo()]})

    assert not Feedback.objects.exists()
    assert not FeedbackPhoto.objects.exists()
    assert not OutboundEmail.objects.exists()


DAMP = FORM | {"text": "Black mould is spreading on the bedroom wall and it smells damp."}
REPORTED_ON_A_MONDAY = datetime(2025, 6, 2, 10, 0, tzinfo=LONDON)


def sent_email(feedback: Feedback, subject_starts: str = "We have received"):
    outbox.send_queued_emails()
    [email] = [m for m in mail.outbox if feedback.reference in m.subject and m.subject.startswith(subject_starts)]
    return email


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("service_request", "service request"),
        ("complaint", "complaint"),
        ("comment", "comment"),
        ("suggestion", "suggestion"),
        ("compliment", "compliment"),
    ],
)
def test_the_acknowledgement_subject_names_the_kind_and_carries_the_reference(resident_client, kind, words):
    resident_client.post(NEW_URL, FORM | {"kind": kind})

    feedback = Feedback.objects.get()
    assert sent_email(feedback).subject == f"We have received your {words} ({feedback.reference})"


def test_damp_and_mould_is_treated_as_a_possible_health_hazard_on_the_page_and_in_the_email(resident_client):
    with time_machine.travel(REPORTED_ON_A_MONDAY, tick=False):
        response = resident_client.post(NEW_URL, DAMP)
    feedback = Feedback.objects.get()
    # 10 working days after Monday 2 June; 24 hours after the report.
    investigate = "we will investigate by Monday 16 June 2025 (within 10 working days of your report)"
    emergency = "make your home safe by 10:00 on Tuesday 3 June 2025 (within 24 hours of your report)"
    emergency_line = "If you think it is an emergency now, or it gets worse, call our emergency line on 0300 123 4568"

    with time_machine.travel(REPORTED_ON_A_MONDAY + timedelta(minutes=1), tick=False):
        html = page(resident_client.get(response["Location"]))  # the page the resident is sent to
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert f"Your reference is {feedback.reference}." in text
    assert "We are treating this as a possible health hazard" in text
    assert investigate in text and emergency in text and emergency_line in text
    assert "we will write to you within 3 working days to say what we found" in text

    body = " ".join(sent_email(feedback).body.split())
    assert "We are treating what you told us as a possible health hazard in your home." in body
    assert investigate in body and emergency in body and emergency_line in body
    assert f"Your reference is {feedback.reference}." in body


def test_other_possible_hazards_get_the_emergency_promise_without_the_damp_and_mould_one(resident_client):
    resident_client.post(NEW_URL, FORM | {"text": "The light switch in the hall gives off sparks."})
    feedback = Feedback.objects.get()

    body = sent_email(feedback).body
    assert "possible health hazard" in body and "within 24 hours of your report" in body
    assert "damp or mould" not in body


def test_a_repair_that_is_no_hazard_says_nothing_of_one(resident_client, sent):
    assert "health hazard" not in page(resident_client.get(detail_url(sent)))
    assert "health hazard" not in sent_email(sent).body


def test_once_staff_find_it_is_no_hazard_the_page_stops_saying_it_is_one(resident_client, staff):
    resident_client.post(NEW_URL, DAMP)
    feedback = Feedback.objects.get()
    feedback_services.dismiss_hazard(feedback=feedback, actor=staff, reason="Condensation on a window only.")

    assert "health hazard" not in page(resident_client.get(detail_url(feedback)))


def test_once_we_have_investigated_the_page_says_when_we_will_write_instead_of_the_old_deadlines(
    resident_client, staff
):
    with time_machine.travel(REPORTED_ON_A_MONDAY, tick=False):
        resident_client.post(NEW_URL, DAMP)
    feedback = Feedback.objects.get()
    with time_machine.travel(REPORTED_ON_A_MONDAY + timedelta(days=2), tick=False):  # Wednesday 4 June
        feedback_services.confirm_hazard(feedback=feedback, actor=staff, severity="damp_mould")
        feedback_services.record_hazard_step(feedback=feedback, actor=staff, step="investigated")

        html = page(resident_client.get(detail_url(feedback)))

    assert "We are treating this as a health hazard" in html
    assert "We investigated on Wednesday 4 June 2025." in html
    assert "We will write to you by Monday 9 June 2025 to say what we found" in html  # 3 working days later
    assert "we will investigate by" not in html


def test_a_resident_is_not_written_to_with_html_escapes(resident_client, staff, sent):
    feedback_services.reply_to_resident(feedback=sent, author=staff, body="We'll send O'Brien & Sons <Plumbers>.")

    assert "We'll send O'Brien & Sons <Plumbers>." in sent_email(sent, "A reply").body.split("\n")


# "You said, we did" entries that answer an item --------------------------------------------------------------


def entry_citing(*items, title: str, status=UpdateStatus.PUBLISHED) -> YouSaidWeDid:
    entry = YouSaidWeDid.objects.create(
        title=title, you_said="It drips.", we_did="We fixed taps.", topic="repairs", everyone=True
    )
    update_services.set_sources(entry=entry, objects=list(items))
    if status == UpdateStatus.PUBLISHED:
        update_services.schedule_update(entry=entry, publish_at=timezone.now())
        update_services.publish_due_updates()
    else:
        YouSaidWeDid.objects.filter(pk=entry.pk).update(status=status)
    return entry


def test_the_item_page_links_to_each_published_entry_that_answers_it(resident_client, resident, sent):
    other_item = add_feedback(resident, 1)[0]
    first = entry_citing(sent, title="New washers for every tap")
    second = entry_citing(sent, other_item, title="A plumber on call at weekends")
    entry_citing(other_item, title="About something else")
    entry_citing(sent, title="Still a draft", status=UpdateStatus.DRAFT)

    html = page(resident_client.get(detail_url(sent)))

    links = re.findall(r'<a href="/you-said-we-did/(\d+)/">You said, we did: ([^<]+)</a>', html)
    assert sorted(links) == sorted(
        [(str(first.pk), "New washers for every tap"), (str(second.pk), "A plumber on call at weekends")]
    )


def test_the_item_page_costs_the_same_queries_with_1_and_20_entries_answering_it(resident_client, sent):
    entry_citing(sent, title="The first")
    small = queries_for_get(resident_client, detail_url(sent))
    for n in range(19):
        entry_citing(sent, title=f"Entry {n}")
    large = queries_for_get(resident_client, detail_url(sent))

    assert small.count == large.count, f"{small}\n\n{large}"
    assert page(resident_client.get(detail_url(sent))).count("You said, we did: ") == 20


# Seeing your own feedback ---------------------------------------------------------------------------------------


def test_my_feedback_lists_items_newest_first_in_pages_of_20_with_their_replies(resident_client, resident):
    items = add_feedback(resident, 25)
    FeedbackReply.objects.bulk_create([FeedbackReply(feedback=items[0], body=f"Reply {n}") for n in range(2)])
    Feedback.objects.filter(pk=items[1].pk).update(status=FeedbackStatus.IN_PROGRESS)

    first = page(resident_client.get(MY_FEEDBACK_URL))
    second = page(resident_client.get(MY_FEEDBACK_URL + "?page=2"))

    shown = re.findall(r"FB-\d{6}", first)
    assert shown == [item.reference for item in items[:20]]
    assert re.findall(r"FB-\d{6}", second) == [item.reference for item in items[20:]]
    assert "Page 1 of 2" in first
    assert "2 replies" in first
    assert "Being dealt with" in first
    assert "Service request" not in first and "Grounds and gardens" in first


def test_the_item_page_shows_replies_signed_by_the_landlord(resident_client, sent, staff):
    feedback_services.reply_to_resident(feedback=sent, author=staff, body="A plumber will call on Tuesday.")

    html = page(resident_client.get(detail_url(sent)))

    assert "A plumber will call on Tuesday." in html
    assert "Riverside Homes, " in html
    assert "Sam Staff" not in html
    assert "Responded" in html


def test_another_resident_gets_404_for_the_item_and_its_photo(client_for, sent, other_resident):
    client = client_for("other_resident")
    photo_item = sent.photos.get()

    assert client.get(detail_url(sent)).status_code == 404
    assert client.get(photo_url(photo_item)).status_code == 404
    assert sent.reference not in page(client.get(MY_FEEDBACK_URL))


def test_a_photo_is_only_found_under_its_own_item(resident_client, resident, sent):
    another = add_feedback(resident, 1)[0]

    wrong_item = reverse("residents:feedback_photo", args=[another.pk, sent.photos.get().pk])

    assert resident_client.get(wrong_item).status_code == 404


@pytest.mark.parametrize("persona", ["resident", "staff", "admin_user"])
def test_the_owner_and_staff_get_the_photo_inline_never_sniffed_or_cached_by_others(client_for, sent, persona):
    response = client_for(persona).get(photo_url(sent.photos.get()))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == image_bytes("PNG")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "private" in response["Cache-Control"]


def test_board_members_cannot_see_feedback_photos(client_for, sent):
    assert client_for("board").get(photo_url(sent.photos.get())).status_code == 403


def test_unlinked_resident_is_asked_to_link_their_home_first(client_for):
    client = client_for("unlinked_resident")

    response = client.get(NEW_URL)

    assert response["Location"] == reverse("residents:link")
    assert "First link your account to your home." in page(client.get(response["Location"]))


def test_resident_home_shows_the_latest_three_items_and_ways_in(resident_client, resident):
    items = add_feedback(resident, 4)

    html = page(resident_client.get(HOME_URL))

    assert "Tell us something" in html and f'href="{NEW_URL}"' in html
    assert "Your recent feedback" in html and f'href="{MY_FEEDBACK_URL}"' in html
    assert [ref for ref in re.findall(r"FB-\d{6}", html)] == [item.reference for item in items[:3]]
    assert "Coming soon" not in html


# Staff notes stay internal -----------------------------------------------------------------------------------


def test_a_staff_note_never_reaches_the_residents_pages_download_or_email(resident_client, sent, staff, mailoutbox):
    secret = "Internal: resident has rung five times, handle with care"
    FeedbackNote.objects.create(feedback=sent, author=staff, body=secret)
    feedback_services.add_note(feedback=sent, author=staff, body=secret + " (again)")
    feedback_services.reply_to_resident(feedback=sent, author=staff, body="We have booked a plumber.")
    outbox.send_queued_emails()

    item_page = page(resident_client.get(detail_url(sent)))
    list_page = page(resident_client.get(MY_FEEDBACK_URL))
    download = resident_client.get(EXPORT_URL).content.decode()
    emails = [m.subject + m.body for m in mail.outbox] + [e.subject + e.body for e in OutboundEmail.objects.all()]

    assert "We have booked a plumber." in item_page
    assert len(mail.outbox) == 2  # the acknowledgement and the reply
    for text in [item_page, list_page, download, *emails]:
        assert "Internal: resident has rung" not in text
        assert "Sam Staff" not in text and "staff@example.org" not in text
        assert "Added a staff note" not in text  # the staff history (FeedbackEvent)


def test_the_data_download_holds_the_feedback_with_replies_and_photo_count(resident_client, sent, staff):
    feedback_services.reply_to_resident(feedback=sent, author=staff, body="We have booked a plumber.")

    data = json.loads(resident_client.get(EXPORT_URL).content)

    [item] = data["feedback"]
    assert item["reference"] == sent.reference
    assert item["text"] == FORM["text"]
    assert (item["kind"], item["category"], item["about"]) == (
        "Service request (something needs doing)",
        "Repairs",
        "My home",
    )
    assert item["status"] == "Responded"
    assert item["photos"] == 1
    assert [reply["text"] for reply in item["replies"]] == ["We have booked a plumber."]
    assert item["received_at"] == sent.created_at.isoformat()
    assert "notes" not in item and "events" not in item


def test_the_data_download_of_another_resident_leaves_out_this_residents_feedback(client_for, sent, other_resident):
    data = json.loads(client_for("other_resident").get(EXPORT_URL).content)

    assert data["feedback"] == []


# Staff logging feedback for a resident -------------------------------------------------------------------------


def staff_log_url(entry) -> str:
    return reverse("residents:staff_log_feedback", args=[entry.pk])


def test_staff_log_feedback_for_a_resident_who_phoned(client_for, resident, staff):
    entry = resident.resident
    client = client_for("staff")
    assert "Log feedback for this resident" in page(client.get(reverse("residents:resident_detail", args=[entry.pk])))

    response = client.post(staff_log_url(entry), FORM | {"channel": "phone", "photos": [photo()]})

    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:feedback_item", args=[feedback.pk])
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert f"The reference is {feedback.reference}." in message
    assert (feedback.resident, feedback.logged_by, feedback.channel) == (entry, staff, "phone")
    assert feedback.photos.count() == 1
    assert OutboundEmail.objects.filter(key=f"feedback-ack:{feedback.pk}", to="resident@example.org").exists()
    # The resident sees it as theirs, with how they told us.
    html = page(client_for("resident").get(detail_url(feedback)))
    assert "How you told us" in html and "Phone call" in html


def test_staff_must_say_how_the_resident_contacted_us_and_it_cannot_be_the_portal(client_for, resident, staff):
    client = client_for("staff")
    form = page(client.get(staff_log_url(resident.resident)))
    assert "How did they contact us?" in form and "Amina Okafor" in form
    assert 'value="portal"' not in form

    missing = page(client.post(staff_log_url(resident.resident), FORM))
    portal = page(client.post(staff_log_url(resident.resident), FORM | {"channel": "portal"}))

    assert '<a href="#id_channel_0">How did they contact us?: Choose how they contacted us.</a>' in missing
    assert "Choose phone, letter, email or in person." in portal
    assert FORM["text"] in portal
    assert not Feedback.objects.exists()


def test_staff_are_told_to_give_the_reference_when_the_resident_has_no_email(client_for, staff):
    entry = ResidentFactory(email="", first_name="Margaret", last_name="Hughes")

    response = client_for("staff").post(staff_log_url(entry), FORM | {"channel": "letter"})

    feedback = Feedback.objects.get()
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "They have no email address with us, so tell them the reference now." in message
    assert feedback.channel == "letter" and feedback.resident == entry
    assert not OutboundEmail.objects.exists()


# Query counts ------------------------------------------------------------------------------------------------


def test_my_feedback_costs_the_same_queries_with_10_and_200_items(resident_client, resident):
    add_feedback(resident, 10, replies_each=2)
    small = queries_for_get(resident_client, MY_FEEDBACK_URL)
    add_feedback(resident, 190, replies_each=2)
    large = queries_for_get(resident_client, MY_FEEDBACK_URL)

    assert small.count == large.count == 5, f"{small}\n\n{large}"


def test_the_item_page_costs_the_same_queries_with_1_and_30_replies(resident_client, resident, staff, sent):
    feedback_services.reply_to_resident(feedback=sent, author=staff, body="First reply")
    small = queries_for_get(resident_client, detail_url(sent))
    FeedbackReply.objects.bulk_create([FeedbackReply(feedback=sent, author=staff, body=f"R{n}") for n in range(29)])
    FeedbackPhoto.objects.bulk_create(
        [FeedbackPhoto(feedback=sent, content_type="image/png", size=1) for _ in range(3)]
    )
    large = queries_for_get(resident_client, detail_url(sent))

    assert small.count == large.count == 8, f"{small}\n\n{large}"


def test_resident_home_costs_the_same_queries_with_0_and_200_items(resident_client, resident):
    empty = queries_for_get(resident_client, HOME_URL)
    add_feedback(resident, 200, replies_each=1)
    full = queries_for_get(resident_client, HOME_URL)

    assert empty.count == full.count, f"{empty}\n\n{full}"
    assert sum('FROM "residents_feedback"' in sql for sql in full.sql) == 1, full


# CSRF ----------------------------------------------------------------------------------------------------------


def test_sending_feedback_needs_the_csrf_token(resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)

    refused = client.post(NEW_URL, FORM)
    client.get(NEW_URL)
    accepted = client.post(NEW_URL, FORM | {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert Feedback.objects.count() == 1


def test_staff_logging_feedback_needs_the_csrf_token(staff, resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)

    response = client.post(staff_log_url(resident.resident), FORM | {"channel": "phone"})

    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_a_letter_logged_days_later_starts_its_complaint_clock_on_the_day_it_arrived(client_for, resident):
    import time_machine
    from django.urls import reverse

    from residents.models import Feedback

    with time_machine.travel("2026-11-25 10:00 +00:00"):  # a Wednesday
        response = client_for("staff").post(
            reverse("residents:staff_log_feedback", args=[resident.resident.pk]),
            {
                "channel": "letter",
                "received_on": "2026-11-20",
                "kind": "complaint",
                "category": "repairs",
                "scope": "home",
                "text": "My window is still broken.",
            },
        )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert timezone.localtime(feedback.created_at).date().isoformat() == "2026-11-20"
    # Received Friday 20 November: acknowledge within 5 working days, by Friday 27 November.
    assert timezone.localtime(feedback.stages.get().acknowledge_due).date().isoformat() == "2026-11-27"


def test_the_day_it_reached_us_starts_filled_in_with_today(client_for, resident):
    import time_machine

    with time_machine.travel("2026-11-25 10:00 +00:00"):
        html = page(client_for("staff").get(staff_log_url(resident.resident)))

    assert re.search(r'<input type="date" name="received_on" value="2026-11-25"', html), html


def test_a_day_in_the_future_is_refused_next_to_the_field(client_for, resident):
    from django.urls import reverse

    response = client_for("staff").post(
        reverse("residents:staff_log_feedback", args=[resident.resident.pk]),
        {
            "channel": "phone",
            "received_on": "2099-01-01",
            "kind": "comment",
            "category": "repairs",
            "scope": "home",
            "text": "Hello",
        },
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()


def test_a_photo_is_kept_without_its_location_data():
    from PIL import Image

    from residents.feedback.photos import check_photo

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0132] = "2026:11:20 10:00:00"  # when it was taken
    exif[0x010E] = "Flat 3, 12 Mill Lane"  # a description naming the home
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG", exif=exif)
    upload = SimpleUploadedFile("home.jpg", buffer.getvalue(), content_type="image/jpeg")
    assert b"Mill Lane" in buffer.getvalue()
    stored = check_photo(upload).content.read()
    with Image.open(io.BytesIO(stored)) as kept:
        assert kept.size == (40, 30)
        assert not kept.getexif()
    assert b"Mill Lane" not in stored
