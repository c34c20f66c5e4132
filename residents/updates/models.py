""" "You said, we did": what residents told us, what we did about it, and where it came from.

An entry's sources are any objects in the portal that carry residents' voices: feedback here, and (through the
generic link) survey results, scrutiny recommendations, walkabout issues and action-plan actions from the apps
above. Each such model registers how it is shown and whose voices it carries in residents/updates/sources.py.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..feedback.models import FeedbackCategory
from ..people.models import Neighbourhood


class UpdateStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class YouSaidWeDidQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=UpdateStatus.PUBLISHED)

    def public(self):
        """What the public pages show: published entries, and withdrawn ones with their reason."""
        return self.filter(status__in=[UpdateStatus.PUBLISHED, UpdateStatus.WITHDRAWN]).exclude(published_at=None)

    def for_neighbourhood(self, neighbourhood_id: int):
        """Entries for everyone and those for this neighbourhood. A subquery rather than a join: joined, each
        entry came once per neighbourhood and had to be made distinct, so the newest few could not be read from
        the published index in order."""
        scoped = self.model.neighbourhoods.through.objects.filter(neighbourhood_id=neighbourhood_id)
        return self.filter(Q(everyone=True) | Q(pk__in=scoped.values("yousaidwedid_id")))

    def citing(self, obj):
        """Entries that cite obj (any model that can be a source) through the generic source link. Joined to
        the content type by its name rather than looked up first, so the question costs one query."""
        return self.filter(
            sources__content_type__app_label=obj._meta.app_label,
            sources__content_type__model=obj._meta.model_name,
            sources__object_id=obj.pk,
        )

    def due(self, now=None):
        return self.filter(status=UpdateStatus.SCHEDULED, publish_at__lte=now or timezone.now())


def update_photo_path(instance, filename: str) -> str:
    return f"updates/{uuid.uuid4().hex}.{instance.photo_extension}"


class YouSaidWeDid(models.Model):
    title = models.CharField(max_length=150)
    you_said = models.TextField("you said", max_length=3000)
    we_did = models.TextField("we did", max_length=3000)
    topic = models.CharField(max_length=20, choices=FeedbackCategory.choices)
    everyone = models.BooleanField("for everyone", default=False)
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="updates")
    photo = models.FileField(upload_to=update_photo_path, blank=True, max_length=200)
    photo_content_type = models.CharField(max_length=20, blank=True)
    photo_alt = models.CharField("describe the photo for people who cannot see it", max_length=250, blank=True)
    status = models.CharField(max_length=12, choices=UpdateStatus.choices, default=UpdateStatus.DRAFT)
    publish_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    voices = models.PositiveIntegerField(default=0, help_text="How many residents' voices it answers (at publishing).")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = YouSaidWeDidQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = '"You said, we did" entry'
        verbose_name_plural = '"You said, we did" entries'
        indexes = [
            models.Index(fields=["status", "publish_at"], name="update_due"),
            models.Index(fields=["status", "-published_at"], name="update_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(publish_at__isnull=False), name="update_scheduled_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""), name="update_withdrawn_has_reason"
            ),
        ]

    PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

    def __str__(self):
        return self.title

    @property
    def photo_extension(self) -> str:
        return self.PHOTO_EXTENSIONS[self.photo_content_type]


class YouSaidWeDidSource(models.Model):
    """A link from an entry to something that carries residents' voices, in any app (generic relation)."""

    entry = models.ForeignKey(YouSaidWeDid, on_delete=models.CASCADE, related_name="sources")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("content_type", "object_id")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "content_type", "object_id"], name="update_source_once")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="update_source_target")]

    def __str__(self):
        return f"Source {self.content_type_id}:{self.object_id} of entry {self.entry_id}"
