"""Expenses claims: mileage at 45p a mile, travel and care costs with a receipt checked by content; the receipt is
served only to the claimant and staff; staff approve or refuse with a reason; finance get a CSV of approved claims."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from residents.involvement import services
from residents.models import ClaimStatus, ExpenseClaim, OutboundEmail, Resident

from .involvement_fixtures import png_bytes


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def claim_data(**overrides) -> dict:
    return {
        "kind": "travel",
        "incurred_on": timezone.localdate().isoformat(),
        "description": "Bus to the panel meeting",
        "amount": "4.80",
        "miles": "",
    } | overrides


def test_a_travel_claim_with_a_photo_of_the_receipt(client_for, resident, media):
    receipt = SimpleUploadedFile("receipt.png", png_bytes(), content_type="image/png")
    response = client_for("resident").post(reverse("residents:involvement_claim_new"), claim_data(receipt=receipt))
    assert response.status_code == 302
    claim = ExpenseClaim.objects.get()
    assert (claim.amount, claim.status, claim.receipt_content_type) == (
        Decimal("4.80"),
        ClaimStatus.SUBMITTED,
        "image/png",
    )
    assert claim.receipt.name.endswith(".png")


def test_mileage_is_paid_at_45p_a_mile_without_a_receipt(client_for, resident, media):
    client_for("resident").post(
        reverse("residents:involvement_claim_new"), claim_data(kind="mileage", miles="12.5", amount="")
    )
    claim = ExpenseClaim.objects.get()
    assert (claim.miles, claim.amount, bool(claim.receipt)) == (Decimal("12.5"), Decimal("5.63"), False)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "receipt", "Add a photo or PDF of the receipt."),
        ({"amount": ""}, "amount", "Enter the amount."),
        ({"kind": "mileage", "amount": ""}, "miles", "Enter the miles you drove."),
        (
            {"receipt": SimpleUploadedFile("receipt.pdf", b"not a receipt", content_type="application/pdf")},
            "receipt",
            "receipt.pdf is not a PDF or a photo (JPEG, PNG or WebP).",
        ),
    ],
)
def test_a_bad_claim_is_refused_next_to_the_field_keeping_what_was_typed(
    client_for, resident, media, data, field, message
):
    response = client_for("resident").post(reverse("residents:involvement_claim_new"), claim_data(**data))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "Bus to the panel meeting" in page(response)
    assert not ExpenseClaim.objects.exists()


def test_staff_approve_or_refuse_with_a_reason_and_the_resident_is_told(client_for, own_claim, resident):
    client = client_for("staff")
    url = reverse("residents:involvement_claim", args=[own_claim.pk])
    response = client.post(url, {"decision": "refuse"})
    assert response.context["form"].errors["reason"] == ["Give the reason: the resident is told it."]
    client.post(url, {"decision": "refuse", "reason": "The receipt is for a different day."})
    own_claim.refresh_from_db()
    assert (own_claim.status, own_claim.reason) == (ClaimStatus.REFUSED, "The receipt is for a different day.")
    assert OutboundEmail.objects.filter(key=f"involvement-claim-decision:{own_claim.pk}").exists()
    assert "The receipt is for a different day." in page(
        client_for("resident").get(reverse("residents:my_involvement"))
    )
    again = client.post(url, {"decision": "approve"})
    assert "This claim has been decided already: refused." in page(again)


def test_finance_csv_lists_approved_claims_only(client_for, own_claim, staff, resident):
    mileage = services.claim_expenses(
        resident=resident.resident,
        kind="mileage",
        incurred_on=timezone.localdate(),
        description="=HYPERLINK(evil)",
        miles=Decimal("10"),
    )
    services.approve_claim(claim=mileage, actor=staff)
    response = client_for("staff").get(reverse("residents:involvement_claims_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Claim", "Resident reference", "Name"]
    assert len(rows) == 2, "the submitted travel claim is not there"
    assert rows[1][0] == str(mileage.pk) and rows[1][5] == "'=HYPERLINK(evil)" and rows[1][7] == "4.50"


def test_the_receipt_is_served_to_the_claimant_and_staff_only(client_for, own_claim):
    url = reverse("residents:involvement_claim_receipt", args=[own_claim.pk])
    mine = client_for("resident").get(url)
    assert mine.status_code == 200 and mine["Content-Type"] == "image/png"
    assert mine["X-Content-Type-Options"] == "nosniff"
    assert b"".join(mine.streaming_content) == png_bytes()
    assert client_for("other_resident").get(url).status_code == 404
    assert client_for("staff").get(url).status_code == 200


def test_claims_are_erased_with_the_resident(own_claim, resident):
    Resident.objects.filter(pk=resident.resident.pk).delete()
    assert not ExpenseClaim.objects.exists()


def test_the_receipt_file_is_deleted_with_the_resident(own_claim, resident, django_capture_on_commit_callbacks):
    storage, name = own_claim.receipt.storage, own_claim.receipt.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        Resident.objects.filter(pk=resident.resident.pk).delete()
    assert not storage.exists(name)
