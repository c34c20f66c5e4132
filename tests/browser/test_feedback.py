"""A linked resident tells us something with a photo; staff reply from the queue (and add a note the resident
never sees); the resident reads the reply on their item page. Resident and staff each have their own browser."""

import io
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from residents.models import Feedback, FeedbackNote, FeedbackPhoto, YouSaidWeDid
from residents.updates import services as updates

pytestmark = pytest.mark.browser

PHOTO_SIZE = (96, 64)
REPLY = "Thank you. Our cleaners will deep-clean the stairs on Thursday and every week from then on."
NOTE = "Cleaning contractor missed Alder House three weeks running: raised with their supervisor."


def png_photo() -> bytes:
    """A real PNG (a small picture of stripes) that the server's photo check decodes."""
    image = Image.new("RGB", PHOTO_SIZE, "white")
    for x in range(0, PHOTO_SIZE[0], 12):
        image.paste((40, 90, 160), (x, 0, x + 6, PHOTO_SIZE[1]))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def loaded_width(page: Page, alt: re.Pattern) -> int:
    """The decoded width of the image with this alt text: 0 when the browser could not load or decode it."""
    image = page.get_by_role("img", name=alt)
    expect(image).to_be_visible()
    image.evaluate("img => img.decode().catch(() => null)")  # wait until it is decoded, or has failed
    return image.evaluate("img => img.complete ? img.naturalWidth : 0")


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded photos go to a temporary folder (the live server runs in this process, with these settings)."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_resident_sends_feedback_with_a_photo_and_reads_the_staff_reply(
    page, live_server, sign_in, check_page, resident, staff, other_browser, media
):
    sign_in(page, resident)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Amina")
    page.get_by_role("link", name="Tell us something").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us something")
    check_page(page, "feedback-form", phone=True, shot=True)
    page.get_by_role("group", name="What kind of feedback is it?").get_by_label(
        "Service request (something needs doing)"
    ).check()
    page.get_by_role("group", name="What is it about?").get_by_label("Cleaning").check()
    page.get_by_role("group", name="Where is it?").get_by_label("My block or street").check()
    page.get_by_label("What do you want to tell us?").fill(
        "The stairs in Alder House have not been cleaned for a month. There is litter on every landing."
    )
    page.get_by_label("Photos (optional)").set_input_files(
        {"name": "stairs.png", "mimeType": "image/png", "buffer": png_photo()}
    )
    page.get_by_role("button", name="Send").click()

    # The acknowledgement, with the reference to quote.
    acknowledgement = page.get_by_role("status")
    expect(acknowledgement).to_contain_text(re.compile(r"We have received it\. Your reference is FB-\d{6}\."))
    reference = re.search(r"FB-\d{6}", acknowledgement.inner_text()).group()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your feedback {reference}")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Service request (something needs doing)")
    expect(main).to_contain_text("My block or street")
    expect(page.get_by_text("No replies yet. We will email you when we reply.")).to_be_visible()
    resident_photo = re.compile(f"Photo 1 you sent with {reference}")
    assert loaded_width(page, resident_photo) == PHOTO_SIZE[0]
    check_page(page, "feedback-sent", phone=True, shot=True)
    feedback = Feedback.objects.get()
    assert feedback.reference == reference and feedback.kind == "service_request"
    assert FeedbackPhoto.objects.get(feedback=feedback).content_type == "image/png"

    # Staff, in their own browser, find it in the queue and see the same photo.
    staff_page = other_browser()
    sign_in(staff_page, staff, mfa=True)
    staff_page.get_by_role("navigation", name="Main").get_by_role("link", name="Feedback").click()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Feedback")
    check_page(staff_page, "feedback-queue", phone=True, shot=True)
    row = staff_page.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("Amina Okafor")
    expect(row).to_contain_text("Received")
    row.get_by_role("link", name=reference).click()

    expect(staff_page.get_by_role("heading", level=1)).to_have_text(f"Feedback {reference}")
    assert loaded_width(staff_page, re.compile(f"Photo 1 of 1 sent with {reference}")) == PHOTO_SIZE[0]
    check_page(staff_page, "feedback-item", phone=True)
    staff_page.get_by_role("textbox", name="Staff note").fill(NOTE)
    staff_page.get_by_role("button", name="Add the staff note").click()
    expect(staff_page.get_by_role("status")).to_contain_text("Staff note added. The resident never sees it.")
    staff_page.get_by_role("textbox", name="Reply to the resident").fill(REPLY)
    staff_page.get_by_role("button", name="Send the reply to the resident").click()
    expect(staff_page.get_by_role("status")).to_contain_text(
        "Your reply is saved on their feedback page. We are emailing it to resident@example.org."
    )
    history = staff_page.get_by_role("heading", name="History").locator("xpath=following-sibling::ol[1]")
    entries = history.get_by_role("listitem")
    expect(entries.filter(has_text="Staff note (the resident never sees this)")).to_contain_text(NOTE)
    expect(entries.filter(has_text="Reply to the resident")).to_contain_text(REPLY)
    check_page(staff_page, "feedback-item-replied", phone=True, shot=True)
    assert FeedbackNote.objects.filter(feedback=feedback, body=NOTE).exists()

    # The resident reloads their page: the reply is there, signed by the landlord; the staff note is not.
    page.reload()
    expect(page.get_by_role("main")).to_contain_text("Responded")
    replies = page.get_by_role("article")
    expect(replies).to_have_count(1)
    expect(replies).to_contain_text(REPLY)
    expect(replies.get_by_role("heading")).to_contain_text("Riverside Homes")
    expect(replies).not_to_contain_text("Sam Staff")
    expect(page.get_by_text("No replies yet")).to_have_count(0)
    body = page.locator("body").inner_text()
    assert NOTE not in body and "Cleaning contractor" not in body and "Staff note" not in body
    assert loaded_width(page, resident_photo) == PHOTO_SIZE[0]
    check_page(page, "feedback-replied", phone=True, shot=True)


def test_resident_reporting_mould_is_told_what_happens_by_when_and_later_finds_what_we_did(
    page, live_server, sign_in, check_page, resident, media
):
    sign_in(page, resident)
    page.get_by_role("link", name="Tell us something").click()
    page.get_by_role("group", name="What kind of feedback is it?").get_by_label(
        "Service request (something needs doing)"
    ).check()
    page.get_by_role("group", name="What is it about?").get_by_label("Damp and mould").check()
    page.get_by_role("group", name="Where is it?").get_by_label("My home").check()
    page.get_by_label("What do you want to tell us?").fill("Black mould is growing behind the wardrobe again.")
    page.get_by_role("button", name="Send").click()

    hazard = page.get_by_role("region", name="We are treating this as a possible health hazard")
    expect(hazard).to_contain_text(re.compile(r"we will investigate by \w+day \d+ \w+ \d{4} \(within 10 working days"))
    expect(hazard).to_contain_text("within 24 hours of your report")
    expect(hazard.get_by_role("link", name="0300 123 4568")).to_have_attribute("href", "tel:03001234568")
    check_page(page, "feedback-possible-hazard", phone=True, shot=True)

    # Staff publish what they did about it; the resident's page links to it.
    feedback = Feedback.objects.get()
    entry = YouSaidWeDid.objects.create(
        title="Mould treatment in every bedroom",
        you_said="Mould keeps coming back.",
        we_did="We treated the walls and fitted extractor fans.",
        topic="damp_mould",
        everyone=True,
    )
    updates.set_sources(entry=entry, objects=[feedback])
    updates.schedule_update(entry=entry, publish_at=timezone.now())
    updates.publish_due_updates()
    page.reload()
    check_page(page, "feedback-answered-by-an-update", phone=True)
    page.get_by_role("link", name="You said, we did: Mould treatment in every bedroom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mould treatment in every bedroom")
