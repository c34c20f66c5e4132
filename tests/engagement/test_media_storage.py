"""Uploads go through Django's storage API (STORAGES["default"]): the file system by default, S3-compatible object
storage with MEDIA_STORAGE=s3, so web processes on several machines share them."""

import io

import pytest
from django.core.files.storage import InMemoryStorage, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from residents.models import FeedbackPhoto

from .test_settings import production_env, run

S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "portal-uploads",
    "AWS_S3_ENDPOINT_URL": "https://objects.example.org",
    "AWS_S3_REGION_NAME": "uk-london-1",
    "AWS_ACCESS_KEY_ID": "portal-key-id",
    "AWS_SECRET_ACCESS_KEY": "portal-secret",
}
DESCRIBE_STORAGE = """
import django
django.setup()
from django.core.files.storage import storages
s = storages["default"]
print(type(s).__name__)
names = ("bucket_name", "endpoint_url", "access_key", "default_acl", "file_overwrite")
print(*(getattr(s, name, "") for name in names))
"""


def describe(env: dict[str, str]) -> list[str]:
    result = run(["-c", DESCRIBE_STORAGE], production_env(**env))
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[:2]


def test_uploads_are_on_the_file_system_by_default():
    kind, _ = describe({})

    assert kind == "FileSystemStorage"


def test_media_storage_s3_puts_uploads_in_the_bucket_with_credentials_from_the_environment():
    kind, details = describe(S3_ENV)

    assert kind == "S3Storage"
    assert details.split() == ["portal-uploads", "https://objects.example.org", "portal-key-id", "None", "False"]


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be filesystem or s3"),
    ],
)
def test_a_storage_set_up_wrongly_stops_the_portal_starting(env, error):
    result = run(["-c", "import django; django.setup()"], production_env(**env))

    assert result.returncode != 0
    assert error in result.stderr


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_photo_is_stored_and_served_through_the_storage_api_not_the_file_system(
    client_for, resident, settings, tmp_path
):
    settings.STORAGES = settings.STORAGES | {"default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    assert isinstance(storages["default"], InMemoryStorage)
    client = client_for("resident")
    client.post(
        reverse("residents:feedback_new"),
        {
            "kind": "service_request",
            "category": "repairs",
            "scope": "home",
            "text": "The kitchen tap drips.",
            "photos": [SimpleUploadedFile("tap.png", png(), content_type="image/png")],
        },
    )
    photo = FeedbackPhoto.objects.get()
    assert default_storage.exists(photo.file.name)

    response = client.get(reverse("residents:feedback_photo", args=[photo.feedback_id, photo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as served:
        assert served.size == (40, 30)
    assert response["Cache-Control"] == "private, max-age=3600", "the view's own caching, not the personal default"
    assert not (tmp_path / "media").exists(), "nothing was written to the file system"
