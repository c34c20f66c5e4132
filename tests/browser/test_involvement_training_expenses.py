"""Training and expenses, in real browsers: staff add a training session; a volunteer books a place and claims
travel with a photo of the receipt; staff record the completion (safeguarding runs out in 3 years) and approve the
claim; the volunteer's record shows both. Every page is scanned with axe at desktop width and at 320 px."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from residents.models import ClaimStatus, ExpenseClaim, TrainingBooking
from tests.residents.involvement_fixtures import CourseFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def receipt_png(path) -> str:
    image = Image.new("RGB", (120, 80), "white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    file = path / "bus-ticket.png"
    file.write_bytes(buffer.getvalue())
    return str(file)


def test_a_volunteer_books_training_and_claims_expenses_which_staff_record_and_approve(
    page, live_server, sign_in, check_page, resident, staff, other_browser, media, tmp_path_factory
):
    CourseFactory(title="Safeguarding", valid_for_years=3)
    sign_in(page, staff, mfa=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Involvement").click()
    page.get_by_role("link", name="Training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    check_page(page, "training-staff", phone=True)
    page.get_by_role("link", name="Add a course").click()
    check_page(page, "course-form", phone=True)
    page.get_by_role("link", name="Back to training").click()
    page.get_by_role("link", name="Add a session").click()
    check_page(page, "session-form", phone=True)
    page.get_by_label("Course").select_option(label="Safeguarding")
    starts = timezone.localtime() + timedelta(days=5)
    page.get_by_label("Starts at (UK time)").fill(starts.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Where").fill("Millfield Community Centre")
    page.get_by_label("Places").fill("0")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Places: Offer at least 1 place.")
    expect(page.get_by_label("Where")).to_have_value("Millfield Community Centre")
    page.get_by_label("Places").fill("10")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Session added: Safeguarding")
    session_url = page.url

    you = other_browser()
    sign_in(you, resident)
    you.goto(f"{live_server.url}/my/involvement/")
    you.get_by_role("link", name="Book training").click()
    expect(you.get_by_role("heading", level=1)).to_have_text("Training for involved residents")
    check_page(you, "training-resident", phone=True)
    you.get_by_role("button", name=re.compile(r"^Book a place")).click()
    expect(you.get_by_role("status")).to_contain_text("You have a place on Safeguarding")

    you.get_by_role("link", name="Claim expenses").click()
    expect(you.get_by_role("heading", level=1)).to_have_text("Claim expenses")
    check_page(you, "claim-form", phone=True)
    you.get_by_label("Travel (bus, train, taxi, parking)").check()
    you.get_by_label("Date").fill(timezone.localdate().isoformat())
    you.get_by_label("What was it for?").fill("Bus to the safeguarding course")
    you.get_by_label("Amount in pounds (for travel and care costs)").fill("4.80")
    you.get_by_role("button", name="Send my claim").click()
    expect(you.get_by_role("alert")).to_contain_text("Receipt: Add a photo or PDF of the receipt.")
    expect(you.get_by_label("What was it for?")).to_have_value("Bus to the safeguarding course")
    check_page(you, "claim-form-refused", phone=True)
    you.get_by_label("Receipt").set_input_files(receipt_png(tmp_path_factory.mktemp("receipt")))
    you.get_by_role("button", name="Send my claim").click()
    expect(you.get_by_role("status")).to_contain_text("Your claim for £4.80 is sent.")

    # Staff record the completion and approve the claim.
    page.goto(session_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Safeguarding")
    check_page(page, "session-detail", phone=True)
    page.get_by_role("button", name=re.compile(r"^Record completion")).click()
    expect(page.get_by_role("status")).to_contain_text("Completion recorded for Amina Okafor.")
    booking = TrainingBooking.objects.get()
    assert booking.expires_on == booking.completed_on.replace(year=booking.completed_on.year + 3)

    page.goto(f"{live_server.url}/staff/involvement/claims/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses claims")
    check_page(page, "claims-staff", phone=True)
    page.get_by_role("link", name=re.compile(r"^Amina Okafor")).click()
    check_page(page, "claim-detail", phone=True)
    expect(page.get_by_role("link", name="Open the receipt")).to_be_visible()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Claim approved.")
    assert ExpenseClaim.objects.get().status == ClaimStatus.APPROVED

    you.goto(f"{live_server.url}/my/involvement/")
    expect(you.get_by_text(re.compile(r"Safeguarding, .*: completed .*, lasts until"))).to_be_visible()
    expect(you.get_by_text(re.compile(r"£4.80, travel .*: Approved"))).to_be_visible()
    check_page(you, "my-involvement-training-expenses", phone=True, shot=True)
