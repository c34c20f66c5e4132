"""A resident's involvement record as staff see it, in real browsers: from the resident's register entry staff open
their involvement record (hours waiting for confirmation, what changed because of them), log hours for them
(refused first with a clear message, what was typed kept) and an expenses claim. Every page is scanned with axe
at desktop width and at 320 px."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from panels.models import Recommendation
from residents.involvement import services
from residents.models import ExpenseClaim, HoursEntry, UpdateStatus, YouSaidWeDid, YouSaidWeDidSource
from tests.panels.factories import MembershipFactory, PanelFactory
from tests.panels.scrutiny_fixtures import make_review

pytestmark = pytest.mark.browser


def test_staff_open_a_residents_involvement_record_and_log_hours_and_a_claim_for_them(
    page, live_server, sign_in, check_page, resident, staff
):
    me = resident.resident
    services.log_hours(resident=me, on=timezone.localdate(), hours=2, description="Delivered leaflets")
    panel = PanelFactory(name="Repairs Panel")
    MembershipFactory(panel=panel, resident=me)
    review = make_review(panel, created_at=timezone.now() - timedelta(days=60))
    recommendation = Recommendation.objects.create(review=review, text="Offer evening appointments.")
    entry = YouSaidWeDid.objects.create(
        title="Evening repairs appointments",
        you_said="Appointments were only in working hours.",
        we_did="We now offer evenings.",
        topic="repairs",
        everyone=True,
        status=UpdateStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    YouSaidWeDidSource.objects.create(
        entry=entry, content_type=ContentType.objects.get_for_model(Recommendation), object_id=recommendation.pk
    )

    sign_in(page, staff, mfa=True)
    page.goto(live_server.url + reverse("residents:resident_detail", args=[me.pk]))
    page.get_by_role("link", name="Involvement record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{me.full_name}: involvement")
    expect(page.get_by_role("cell", name="Delivered leaflets")).to_be_visible()
    expect(page.get_by_role("link", name="Evening repairs appointments")).to_be_visible()
    expect(page.get_by_text("Offer evening appointments.")).to_be_visible()
    check_page(page, "involvement-staff-record", phone=True)

    page.get_by_role("link", name="Log hours for them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Log hours for {me.full_name}")
    check_page(page, "involvement-staff-hours", phone=True)
    page.get_by_label("Date", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_label("Hours", exact=True).fill("30")
    page.get_by_label("What did you do?").fill("Phoned round the block about the fun day")
    page.get_by_role("button", name="Save and confirm the hours").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter at most 24 hours for one day.")
    expect(page.get_by_label("What did you do?")).to_have_value("Phoned round the block about the fun day")
    check_page(page, "involvement-staff-hours-refused", phone=True)
    page.get_by_label("Hours", exact=True).fill("1.5")
    page.get_by_role("button", name="Save and confirm the hours").click()
    expect(page.get_by_role("status")).to_contain_text(f"Saved and confirmed 1.50 hours for {me.full_name}.")
    logged = HoursEntry.objects.get(description="Phoned round the block about the fun day")
    assert logged.confirmed_by == staff

    page.get_by_role("link", name="Log an expenses claim for them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Claim expenses for {me.full_name}")
    check_page(page, "involvement-staff-claim", phone=True)
    page.get_by_label("Mileage (your own car)").check()
    page.get_by_label("Date", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_label("What was it for?").fill("Drove to the panel meeting")
    page.get_by_label("Miles driven (for mileage)").fill("12")
    page.get_by_role("button", name="Save the claim").click()
    expect(page.get_by_role("status")).to_contain_text("waiting for a decision")
    assert ExpenseClaim.objects.get().resident == me
    check_page(page, "involvement-staff-record-after", phone=True)
