"""Actions on the register and on residents' accounts."""

import hashlib
import secrets
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from ..models import Home, LinkCode, Neighbourhood, Preferences, Resident, Tenure, normalise_postcode

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
    """The resident's saved preferences, or the defaults (not saved: opening the form changes nothing)."""
    return Preferences.objects.filter(resident=resident).first() or Preferences(resident=resident)


REGISTER_TOTALS_KEY = "register-totals:v1"
REGISTER_TOTALS_TTL = 10 * 60  # a safety net; imports and linking clear the totals as they change them


def register_totals() -> dict:
    """Counts of homes, residents and linked accounts, overall, by tenure and by neighbourhood.

    Counting a register of 100,000 residents on every staff or board page would cost more than the page
    itself, so the totals are kept in the cache and recounted after an import or a link changes them.
    """
    totals = cache.get(REGISTER_TOTALS_KEY)
    if totals is None:
        totals = count_register()
        cache.set(REGISTER_TOTALS_KEY, totals, REGISTER_TOTALS_TTL)
    return totals


def neighbourhood_names(totals: dict) -> dict[int, str]:
    """The neighbourhoods by id, in name order, from the register totals."""
    return {area["id"]: area["name"] for area in totals["neighbourhoods"]}


def forget_register_totals() -> None:
    """Drop the cached totals and the register's version now, and again once the change is committed (a page
    counting in between would otherwise cache the numbers from before it)."""
    keys = [REGISTER_TOTALS_KEY, REGISTER_VERSION_KEY]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


# Figures counted over the whole register are cached under its version (the Board's representativeness tables):
# a new version whenever a resident, a home, a block or an equality answer is saved or deleted (people/signals.py)
# or an import changes the register in bulk (forget_register_totals).
REGISTER_VERSION_KEY = "register-version:v1"


def register_version() -> str:
    """The register's current version: any string, new after every change."""
    version = cache.get(REGISTER_VERSION_KEY)
    if version is None:
        new = secrets.token_hex(8)
        version = new if cache.add(REGISTER_VERSION_KEY, new, timeout=None) else cache.get(REGISTER_VERSION_KEY, new)
    return version


def forget_register_version() -> None:
    """Give the register a new version now and once the change is committed (the cached totals stay: they are
    recounted after imports and links, and are a few minutes old at worst)."""
    cache.delete(REGISTER_VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(REGISTER_VERSION_KEY))


def count_register() -> dict:
    """The register's totals, aggregated in the database (three grouped queries whatever its size)."""
    areas = {
        pk: {"id": pk, "name": name, "homes": 0, "residents": 0, "linked": 0}
        for pk, name in Neighbourhood.objects.values_list("id", "name")
    }
    tenures = dict.fromkeys(Tenure.values, 0)
    for row in Home.objects.values("block__neighbourhood_id", "tenure").annotate(n=Count("id")).order_by():
        areas[row["block__neighbourhood_id"]]["homes"] += row["n"]
        tenures[row["tenure"]] += row["n"]
    for row in (
        Resident.objects.values("home__block__neighbourhood_id")
        .annotate(n=Count("id"), linked=Count("user_id"))
        .order_by()
    ):
        areas[row["home__block__neighbourhood_id"]]["residents"] += row["n"]
        areas[row["home__block__neighbourhood_id"]]["linked"] += row["linked"]
    neighbourhoods = sorted(areas.values(), key=lambda area: area["name"])
    return {
        "homes": sum(tenures.values()),
        "residents": sum(area["residents"] for area in neighbourhoods),
        "linked": sum(area["linked"] for area in neighbourhoods),
        "tenures": [{"tenure": value, "label": Tenure(value).label, "homes": n} for value, n in tenures.items()],
        "neighbourhoods": neighbourhoods,
    }
