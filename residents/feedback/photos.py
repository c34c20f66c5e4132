"""Photos residents and staff upload: checked by what the file is, not what it is called."""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from ..uploads import check_image

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 5


@dataclass(frozen=True)
class CheckedPhoto:
    content: ContentFile
    content_type: str
    size: int


def check_photo(upload) -> CheckedPhoto:
    """A JPEG, PNG or WebP image of at most 10 MB and PHOTO_MAX_PIXELS, whatever its name says; otherwise a clear
    error. Only a photo that passes is decoded (to take its metadata off)."""
    name = getattr(upload, "name", "the file")
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(f"{name} is larger than 10 MB. Take a smaller photo or reduce its size.")
    data = upload.read()
    header = check_image(data, name=name)
    clean = _without_metadata(data, header.format)
    return CheckedPhoto(content=ContentFile(clean), content_type=header.content_type, size=len(clean))


def _without_metadata(data: bytes, kind: str) -> bytes:
    """The picture alone: a phone's location and other metadata about a resident's home are not kept.
    The image is turned the right way up first, since the orientation lives in that metadata."""
    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        if kind == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        out = io.BytesIO()
        options = {"quality": 90} if kind in ("JPEG", "WEBP") else {}
        upright.save(out, format=kind, **options)
    return out.getvalue()
