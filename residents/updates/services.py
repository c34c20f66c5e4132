""" "You said, we did": linking sources, scheduling, publishing exactly once, withdrawing, telling residents,
and the version that keys the public pages' cache."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..people.models import Resident
from . import sources
from .models import UpdateStatus, YouSaidWeDid, YouSaidWeDidSource

PUBLIC_PAGES_VERSION_KEY = "updates:public-pages-version"
# A change starts a new version at once; the expiry frees the memory, and keeps a page cached before a new
# release of the site (its header, its stylesheet's address) for a few minutes at most.
PUBLIC_PAGES_SECONDS = 10 * 60


def cached_public_page(name: str) -> tuple[str, object]:
    """The version of what the public pages show, and this page as cached under it (None when it is not).

    The public list and feed are the same for every visitor and change only when an entry is published or
    withdrawn, or a neighbourhood changes, and each such change starts a new version. The version and the page
    come in one round trip to the cache; a page cached under an older version is not used."""
    key = f"updates:public-page:{name}"
    found = cache.get_many([PUBLIC_PAGES_VERSION_KEY, key])
    version = found.get(PUBLIC_PAGES_VERSION_KEY)
    if version is None:
        new = uuid.uuid4().hex
        # add() sets it only if no other process has just done so; then theirs is the one to use.
        added = cache.add(PUBLIC_PAGES_VERSION_KEY, new, timeout=None)
        version = new if added else cache.get(PUBLIC_PAGES_VERSION_KEY, new)
    cached_version, page = found.get(key, (None, None))
    return version, page if cached_version == version else None


def cache_public_page(name: str, version: str, page) -> None:
    cache.set(f"updates:public-page:{name}", (version, page), PUBLIC_PAGES_SECONDS)


def forget_public_pages() -> None:
    """What the public pages show has changed: start a new version now, and again once the change is
    committed (a page cached in between would otherwise hold what was there before)."""
    cache.delete(PUBLIC_PAGES_VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(PUBLIC_PAGES_VERSION_KEY))


def new_neighbourhoods_added(sender, **kwargs) -> None:
    """A register import created neighbourhoods: the public list offers every neighbourhood as a filter."""
    forget_public_pages()


AREA_LATEST = 3


def latest_for_neighbourhood(neighbourhood_id: int) -> list[dict]:
    """The newest published entries for a neighbourhood and for everyone, as the resident home lists them
    (id, title, everyone, published_at). They change only when the public pages do, so they are cached under
    the same version and every resident of the neighbourhood reads them from the cache."""
    name = f"area-latest:{neighbourhood_id}"
    version, entries = cached_public_page(name)
    if entries is None:
        entries = list(
            YouSaidWeDid.objects.published()
            .for_neighbourhood(neighbourhood_id)
            .values("id", "title", "everyone", "published_at")[:AREA_LATEST]
        )
        cache_public_page(name, version, entries)
    return entries


@transaction.atomic
def set_sources(*, entry: YouSaidWeDid, objects) -> None:
    """Make the entry cite exactly these objects (feedback now; survey results, walkabout issues... later)."""
    wanted = set()
    for obj in objects:
        if not sources.is_source_model(type(obj)):
            raise ValidationError(f'{obj} cannot be a source of a "You said, we did" entry.')
        wanted.add((ContentType.objects.get_for_model(obj).pk, obj.pk))
    current = set(entry.sources.values_list("content_type_id", "object_id"))
    for content_type_id, object_id in current - wanted:
        entry.sources.filter(content_type_id=content_type_id, object_id=object_id).delete()
    YouSaidWeDidSource.objects.bulk_create(
        [YouSaidWeDidSource(entry=entry, content_type_id=ct, object_id=oid) for ct, oid in wanted - current],
        ignore_conflicts=True,
    )


def _locked(entry: YouSaidWeDid) -> YouSaidWeDid:
    """The entry as it is now, locked until the transaction ends: the publisher cannot change it meanwhile."""
    return YouSaidWeDid.objects.select_for_update().get(pk=entry.pk)


@transaction.atomic
def schedule_update(*, entry: YouSaidWeDid, publish_at) -> YouSaidWeDid:
    """Publish at a date and time (now or in the past: at the next run of the publisher, within a minute)."""
    entry = _locked(entry)
    if entry.status not in (UpdateStatus.DRAFT, UpdateStatus.SCHEDULED):
        raise ValidationError("Only a draft or scheduled entry can be scheduled.")
    if not entry.everyone and not entry.neighbourhoods.exists():
        raise ValidationError("Choose the neighbourhoods this is for, or 'for everyone'.")
    if not entry.you_said.strip() or not entry.we_did.strip():
        raise ValidationError("Write what residents said and what we did, and save, before choosing when to publish.")
    entry.status = UpdateStatus.SCHEDULED
    entry.publish_at = publish_at
    entry.save(update_fields=["status", "publish_at", "updated_at"])
    return entry


@transaction.atomic
def unschedule_update(*, entry: YouSaidWeDid) -> YouSaidWeDid:
    updated = YouSaidWeDid.objects.filter(pk=entry.pk, status=UpdateStatus.SCHEDULED).update(
        status=UpdateStatus.DRAFT, publish_at=None
    )
    if not updated:
        raise ValidationError("This entry is no longer scheduled (it may have just been published).")
    entry.refresh_from_db()
    return entry


def publish_due_updates(now=None) -> list[int]:
    """Publish every scheduled entry whose time has come, each exactly once.

    The due rows are locked and skipped by any other publisher running at the same moment; the status
    changes in the same transaction as the emails are queued, so a retried or repeated run finds nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = list(YouSaidWeDid.objects.due(now).select_for_update(skip_locked=True).order_by("publish_at", "id"))
        for entry in due:
            _publish(entry, now)
    return [entry.pk for entry in due]


def _publish(entry: YouSaidWeDid, now) -> None:
    heard = sources.voices(entry.sources.all())
    entry.status = UpdateStatus.PUBLISHED
    entry.published_at = now
    entry.voices = len(heard)
    entry.save(update_fields=["status", "published_at", "voices", "updated_at"])
    forget_public_pages()
    _tell_residents(entry, heard)


def _tell_residents(entry: YouSaidWeDid, resident_ids: set[int]) -> None:
    """Email each resident whose voice it answers, unless they asked not to be contacted (set-based)."""
    link = f"{settings.SITE_URL}{reverse('residents:update_detail', args=[entry.pk])}"
    recipients = (
        Resident.objects.filter(id__in=resident_ids)
        .exclude(preferences__do_not_contact=True)
        .select_related("user")
        .only("id", "first_name", "email", "user__email")
    )
    from ..outbox import services as outbox

    outbox.queue_emails(
        [
            outbox.email(
                template="update_published",
                key=f"update-published:{entry.pk}:{resident.pk}",
                to=(resident.user.email if resident.user_id else "") or resident.email,
                context={"resident": resident, "entry": entry, "link": link},
            )
            for resident in recipients
        ]
    )


@transaction.atomic
def withdraw_update(*, entry: YouSaidWeDid, reason: str) -> YouSaidWeDid:
    entry = _locked(entry)
    if entry.status != UpdateStatus.PUBLISHED:
        raise ValidationError("Only a published entry can be withdrawn.")
    if not reason.strip():
        raise ValidationError("Give the reason: it is shown publicly in place of the entry.")
    entry.status = UpdateStatus.WITHDRAWN
    entry.withdrawn_at = timezone.now()
    entry.withdrawn_reason = reason.strip()
    entry.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"])
    forget_public_pages()
    return entry
