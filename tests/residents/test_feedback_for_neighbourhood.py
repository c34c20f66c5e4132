"""Feedback logged for a neighbourhood with no resident behind it (graffiti staff spot, a broken light on the estate):
in the queue, on the hazards page and in the counts like any other item, its hazard clocks running, and nobody
emailed or shown it."""

from html import unescape

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from residents.feedback.services import add_note, reply_to_resident, submit_feedback
from residents.models import (
    Channel,
    Feedback,
    FeedbackCategory,
    FeedbackKind,
    FeedbackPhoto,
    FeedbackReply,
    FeedbackScope,
    HazardReview,
    Neighbourhood,
    OutboundEmail,
    YouSaidWeDidSource,
)
from residents.updates import sources

from ..factories import feedback_from


def page(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def millfield(resident) -> Neighbourhood:
    """The `resident` persona's neighbourhood."""
    return resident.resident.home.block.neighbourhood


def log_for(neighbourhood, staff, **fields) -> Feedback:
    values = {
        "logged_by": staff,
        "channel": Channel.IN_PERSON,
        "kind": FeedbackKind.SERVICE_REQUEST,
        "category": FeedbackCategory.GROUNDS,
        "scope": FeedbackScope.NEIGHBOURHOOD,
        "text": "Graffiti on the wall of the play area.",
    }
    return submit_feedback(neighbourhood=neighbourhood, **(values | fields))


def test_logged_for_a_neighbourhood_it_has_no_resident_and_nobody_is_emailed(millfield, staff):
    item = log_for(millfield, staff)
    assert (item.resident, item.home, item.block, item.neighbourhood) == (None, None, None, millfield)
    assert item.for_neighbourhood
    assert not OutboundEmail.objects.exists()
    assert "no resident reported it" in item.events.get().detail


@pytest.mark.parametrize(
    ("category", "text"),
    [
        (FeedbackCategory.DAMP_MOULD, "Mould on the wall of the bin store."),
        (FeedbackCategory.SAFETY, "A paving slab is loose by the entrance."),
        (FeedbackCategory.GROUNDS, "The drain by the path smells of damp and there is black mould on the fence."),
    ],
)
def test_damp_mould_and_safety_start_the_hazard_clock_with_nobody_to_tell(millfield, staff, category, text):
    item = log_for(millfield, staff, category=category, text=text)
    assert item.hazard_review == HazardReview.POSSIBLE
    assert item.next_due_at == item.possible_hazard_due and item.next_due_at > timezone.now()
    assert not OutboundEmail.objects.exists()


def test_a_block_names_its_neighbourhood(resident, staff):
    block = resident.resident.home.block
    item = log_for(None, staff, block=block)
    assert (item.block, item.neighbourhood, item.resident) == (block, block.neighbourhood, None)


def test_it_needs_a_neighbourhood_and_a_complaint_needs_a_resident(millfield, staff, other_resident):
    with pytest.raises(ValidationError, match="which neighbourhood"):
        log_for(None, staff)
    with pytest.raises(ValidationError, match="complaint is always a resident's"):
        log_for(millfield, staff, kind=FeedbackKind.COMPLAINT)
    with pytest.raises(ValidationError, match="is not in"):
        log_for(millfield, staff, block=other_resident.resident.home.block)
    assert not Feedback.objects.exists()


def test_the_database_holds_a_resident_or_a_neighbourhood_and_no_home_without_a_resident(millfield, resident):
    home = resident.resident.home
    common = {"kind": FeedbackKind.COMMENT, "category": FeedbackCategory.OTHER, "text": "x", "neighbourhood": millfield}
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(home=home, block=home.block, **common)  # a home but nobody's
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(resident=resident.resident, **common)  # a resident without their home
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(**(common | {"kind": FeedbackKind.COMPLAINT}))  # nobody's complaint
    assert Feedback.objects.create(**common).resident is None


def test_the_queue_says_who_it_is_logged_for_and_the_neighbourhood_filter_finds_it(
    client_for, millfield, staff, other_resident
):
    item = log_for(millfield, staff)
    elsewhere = feedback_from(other_resident.resident)
    client = client_for("staff")
    queue = page(client.get(reverse("residents:feedback_queue")))
    assert item.reference in queue and "Logged for Millfield" in queue
    only_millfield = page(client.get(reverse("residents:feedback_queue"), {"neighbourhood": millfield.pk}))
    assert item.reference in only_millfield and elsewhere.reference not in only_millfield


def test_the_item_page_offers_notes_not_replies(client_for, millfield, staff):
    item = log_for(millfield, staff, category=FeedbackCategory.SAFETY, text="Broken light on the path.")
    client = client_for("staff")
    body = page(client.get(reverse("residents:feedback_item", args=[item.pk])))
    assert "logged for Millfield" in body and "Logged for</dt>" in body
    assert "there is no resident to reply to and nobody is told" in body
    assert 'id="reply-form"' not in body and 'id="note-form"' in body
    assert "Possible hazard" in body

    refused = client.post(reverse("residents:feedback_reply", args=[item.pk]), {"body": "We have fixed it."})
    assert refused.status_code == 200
    assert "there is no resident to reply to" in page(refused)
    assert not FeedbackReply.objects.exists() and not OutboundEmail.objects.exists()

    noted = client.post(reverse("residents:feedback_note", args=[item.pk]), {"body": "Light replaced."})
    assert noted.status_code == 302 and item.notes.get().body == "Light replaced."


def test_the_reply_service_refuses_nobody(millfield, staff):
    item = log_for(millfield, staff)
    with pytest.raises(ValidationError, match="no resident to reply to"):
        reply_to_resident(feedback=item, author=staff, body="Done.")
    add_note(feedback=item, author=staff, body="Cleaned.")
    assert not OutboundEmail.objects.exists()


def test_a_resident_can_never_open_one(client_for, millfield, staff, resident):
    item = log_for(millfield, staff)
    photo = FeedbackPhoto.objects.create(feedback=item, file="feedback/x/1.png", content_type="image/png", size=1)
    client = client_for("resident")
    assert client.get(reverse("residents:feedback_detail", args=[item.pk])).status_code == 404
    assert client.get(reverse("residents:feedback_photo", args=[item.pk, photo.pk])).status_code == 404
    mine = page(client.get(reverse("residents:my_feedback")))
    assert item.reference not in mine
    download = client.get(reverse("residents:data_export")).content.decode()
    assert item.reference not in download and "Graffiti" not in download


def test_it_carries_no_voice_for_you_said_we_did(millfield, staff, resident):
    item = log_for(millfield, staff)
    theirs = feedback_from(resident.resident)
    feedback_type = ContentType.objects.get_for_model(Feedback)
    cited = [YouSaidWeDidSource(content_type=feedback_type, object_id=pk) for pk in (item.pk, theirs.pk)]
    assert sources.voices(cited) == {resident.resident.pk}


def test_the_staff_home_counts_it(client_for, millfield, staff):
    log_for(millfield, staff, category=FeedbackCategory.DAMP_MOULD, text="Mould in the bin store.")
    counts = Feedback.objects.to_do(user=staff, now=timezone.now())
    assert (counts["open"], counts["possible_hazards"]) == (1, 1)
    assert client_for("staff").get(reverse("residents:staff_home")).status_code == 200
