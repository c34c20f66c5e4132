"""Every upload is checked by its content; a picture's size in pixels is read from its header, so a small file
that would unpack into gigabytes (an image bomb) is refused before it is decoded."""

import io
import re
import struct
import time
import zlib
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from residents.models import Feedback, FeedbackPhoto
from residents.uploads import check_document, check_image

NEW_URL = reverse("residents:feedback_new")
FORM = {
    "kind": "service_request",
    "category": "repairs",
    "scope": "home",
    "text": "The kitchen tap drips all night and keeps me awake.",
}


def bomb_png(width: int, height: int) -> bytes:
    """A real PNG of width x height black pixels: a few hundred KB on disk, width x height x 3 bytes decoded.
    Written row by row with zlib so that making it does not need the memory it would take to open."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + width * 3)  # filter byte, then RGB
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return bomb_png(10_000, 10_000)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_bomb_is_a_real_small_png_of_100_megapixels(bomb):
    assert len(bomb) < 400 * 1024
    with Image.open(io.BytesIO(bomb)) as image:
        assert (image.format, image.size) == ("PNG", (10_000, 10_000))


def test_an_image_bomb_is_refused_next_to_the_field_at_once_and_what_was_typed_is_kept(client_for, resident, bomb):
    client = client_for("resident")
    upload = SimpleUploadedFile("kitchen.png", bomb, content_type="image/png")

    started = time.monotonic()
    response = client.post(NEW_URL, FORM | {"photos": [upload]})
    took = time.monotonic() - started

    html = unescape(response.content.decode())
    assert response.status_code == 200
    message = (
        "kitchen.png is too big a picture (10,000 by 10,000 pixels). Upload one of up to 40 megapixels, "
        "or reduce its size. Choose your photos again."
    )
    assert re.search(r'id="error_1_id_photos"><strong>' + re.escape(message), html)
    assert f'href="#id_photos">Photos: {message}' in html
    assert FORM["text"] + "</textarea>" in html
    assert not Feedback.objects.exists() and not FeedbackPhoto.objects.exists()
    assert took < 1.5, f"refusing took {took:.2f}s: the picture was decoded"  # decoding it took 2.5 to 7 s


def test_a_you_said_we_did_photo_is_checked_the_same_way(client_for, staff, bomb):
    response = client_for("staff").post(
        reverse("residents:update_create"),
        {"title": "New lights", "photo": SimpleUploadedFile("path.png", bomb, content_type="image/png")},
    )

    assert response.status_code == 200
    assert "path.png is too big a picture (10,000 by 10,000 pixels)" in unescape(response.content.decode())


def test_the_limit_is_photo_max_pixels_and_a_picture_of_exactly_that_size_is_taken(settings):
    settings.PHOTO_MAX_PIXELS = 40 * 30

    assert check_image(png((40, 30)), name="fits.png").content_type == "image/png"
    with pytest.raises(ValidationError, match=r"too big a picture \(41 by 30 pixels\). Upload one of up to 0.0012"):
        check_image(png((41, 30)), name="over.png")


def test_a_header_beyond_pillows_own_limit_gets_the_same_clear_message():
    with pytest.raises(ValidationError, match="huge.png is too big a picture. Upload one of up to 40 megapixels"):
        check_image(bomb_png(20_000, 10_000), name="huge.png")


# Papers and receipts -------------------------------------------------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(out, format="PNG")
    return out.getvalue()


def test_a_pdf_is_accepted_as_a_document():
    checked = check_document(PDF, name="agenda.pdf")
    assert (checked.content_type, checked.extension, checked.size) == ("application/pdf", "pdf", len(PDF))


def test_a_photo_named_pdf_is_refused_as_papers_but_taken_as_a_receipt():
    with pytest.raises(ValidationError, match=r"^\['papers.pdf is not a PDF.'\]$"):
        check_document(small_png(), name="papers.pdf")
    assert check_document(small_png(), name="receipt.pdf", allow_images=True).content_type == "image/png"


def test_a_file_that_is_neither_is_refused_with_both_kinds_named():
    with pytest.raises(ValidationError, match="receipt.docx is not a PDF or a photo"):
        check_document(b"PK\x03\x04 a word document", name="receipt.docx", allow_images=True)


def test_a_pdf_with_a_script_is_refused():
    scripted = PDF.replace(b"/Pages 2 0 R", b"/Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    with pytest.raises(ValidationError, match="contains scripts or attachments"):
        check_document(scripted, name="minutes.pdf")


def test_a_cut_off_pdf_is_refused():
    with pytest.raises(ValidationError, match="is not a complete PDF"):
        check_document(PDF[:40], name="minutes.pdf")


def test_a_document_over_20_mb_is_refused_before_it_is_read():
    with pytest.raises(ValidationError, match="larger than 20 MB"):
        check_document(PDF + b" " * (20 * 1024 * 1024), name="pack.pdf")
