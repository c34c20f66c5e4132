"""Checks for every file people upload: photos today, meeting papers and receipts next. A file is judged by what
it is, read from its content, never by its name or the type the browser claims; each check raises a
ValidationError whose message can stand next to the form field."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True)
class ImageHeader:
    format: str
    content_type: str
    width: int
    height: int


def check_image(data: bytes, *, name: str, max_pixels: int | None = None) -> ImageHeader:
    """A JPEG, PNG or WebP image whose header says it has at most max_pixels (settings.PHOTO_MAX_PIXELS).

    Only the header is read, so a small file that would unpack into a huge picture (a 285 KB PNG of 10,000 by
    10,000 pixels took 850 MB to decode) is refused before anything is decoded."""
    max_pixels = max_pixels or settings.PHOTO_MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header; pixels are decoded only on demand
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(_too_many_pixels(name, width, height, max_pixels))
            kind = image.format
            image.verify()  # the file's structure and checksums, still without decoding the picture
    except Image.DecompressionBombError:
        # Pillow's own limit, for a header claiming far more than ours: the same answer.
        raise ValidationError(_too_many_pixels(name, None, None, max_pixels)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(f"{name} is not a photo we can use. Upload a JPEG, PNG or WebP image.") from None
    if kind not in IMAGE_FORMATS:
        raise ValidationError(f"{name} is not a JPEG, PNG or WebP image.")
    return ImageHeader(format=kind, content_type=IMAGE_FORMATS[kind], width=width, height=height)


def _too_many_pixels(name: str, width: int | None, height: int | None, max_pixels: int) -> str:
    megapixels = f"{max_pixels / 1_000_000:g} megapixels"
    size = f" ({width:,} by {height:,} pixels)" if width else ""
    return f"{name} is too big a picture{size}. Upload one of up to {megapixels}, or reduce its size."


MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Active content a PDF reader may run or follow when the file is opened: refused in papers shared with residents.
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/OpenAction", b"/RichMedia")


@dataclass(frozen=True)
class CheckedDocument:
    content_type: str
    extension: str
    size: int


def check_document(data: bytes, *, name: str, allow_images: bool = False) -> CheckedDocument:
    """A PDF (meeting papers, reports), or with allow_images also a JPEG, PNG or WebP photo (a receipt), of at most
    20 MB, judged by its content. A PDF must start and end as one does and carry no active content (scripts,
    launch actions, embedded files), since it is handed to residents to open."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError(f"{name} is larger than 20 MB. Upload a smaller file, or split it into parts.")
    kinds = "a PDF or a photo (JPEG, PNG or WebP)" if allow_images else "a PDF"
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise ValidationError(f"{name} is not a complete PDF. Save it again and upload {kinds}.")
        if any(marker in data for marker in PDF_ACTIVE_CONTENT):
            raise ValidationError(
                f"{name} contains scripts or attachments, which we do not accept. Print it to a new PDF and "
                "upload that."
            )
        return CheckedDocument(content_type="application/pdf", extension="pdf", size=len(data))
    if allow_images:
        try:
            header = check_image(data, name=name)
        except ValidationError:
            raise ValidationError(f"{name} is not {kinds}.") from None
        return CheckedDocument(content_type=header.content_type, extension=header.format.lower(), size=len(data))
    raise ValidationError(f"{name} is not {kinds}.")
