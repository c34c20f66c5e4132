"""Actions on the register and on residents' accounts."""

import hashlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import LinkCode, Preferences, Resident, normalise_postcode

LINK_CODE_LIFETIME = timedelta(days=30)


class LinkError(Exception):
    """The details given do not match a register entry that can be linked. One message for every cause."""

    message = (
        "We could not match those details to a home. Check your tenancy reference and postcode "
        "(they are on your tenancy agreement and rent statements), or ask us for a link code."
    )


def _hash_code(code: str) -> str:
    compact = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(compact.encode()).hexdigest()


@transaction.atomic
def create_link_code(*, resident: Resident, created_by) -> str:
    """Make a one-time link code for a resident; earlier unused codes stop working. Returns the code."""
    now = timezone.now()
    LinkCode.objects.filter(resident=resident, used_at__isnull=True).update(expires_at=now)
    code = LinkCode.new_code()
    LinkCode.objects.create(
        resident=resident, code_hash=_hash_code(code), created_by=created_by, expires_at=now + LINK_CODE_LIFETIME
    )
    return code


def _claim(resident_id: int, user) -> bool:
    """Link the entry to the account only if nobody got there first (one register entry, one account)."""
    return bool(Resident.objects.filter(pk=resident_id, user__isnull=True).update(user=user, linked_at=timezone.now()))


@transaction.atomic
def link_account_by_tenancy(*, user, tenancy_reference: str, postcode: str) -> Resident:
    """Link an account to the register entry with this tenancy reference at this postcode.

    Joint tenants share a tenancy reference: the entry whose email matches the account is preferred,
    otherwise the first entry not yet linked.
    """
    if hasattr(user, "resident"):
        raise LinkError
    candidates = list(
        Resident.objects.filter(
            tenancy_reference__iexact=tenancy_reference.strip(),
            home__postcode=normalise_postcode(postcode),
            user__isnull=True,
        ).order_by("id")
    )
    candidates.sort(key=lambda r: r.email.lower() != user.email.lower())
    for resident in candidates:
        if _claim(resident.pk, user):
            return Resident.objects.get(pk=resident.pk)
    raise LinkError


@transaction.atomic
def link_account_by_code(*, user, code: str) -> Resident:
    if hasattr(user, "resident"):
        raise LinkError
    now = timezone.now()
    link_code = (
        LinkCode.objects.select_for_update()
        .filter(code_hash=_hash_code(code), used_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if link_code is None or not _claim(link_code.resident_id, user):
        raise LinkError
    link_code.used_at = now
    link_code.save(update_fields=["used_at"])
    return Resident.objects.get(pk=link_code.resident_id)


def get_preferences(resident: Resident) -> Preferences:
    preferences, _ = Preferences.objects.get_or_create(resident=resident)
    return preferences
