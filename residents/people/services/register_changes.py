"""Confirming a previewed register import, and undoing one from its audit trail (RegisterChange rows)."""

from django.db import transaction
from django.utils import timezone

from ...tasks import apply_register_import
from ..models import Block, Home, RegisterChange, RegisterImport, Resident
from .register import forget_register_totals

REPORT_LIMIT = 200  # residents named in an undo report; the rest are counted
RESIDENT_FIELDS = ("tenancy_reference", "first_name", "last_name", "email", "phone")
HOME_FIELDS = ("address_line_1", "address_line_2", "town", "postcode", "tenure")


class ImportNotWaiting(Exception):
    """The import is not (or no longer) the one staff saw: it is not waiting for confirmation, or its
    preview changed since the page was drawn."""


class CannotUndo(Exception):
    pass


@transaction.atomic
def confirm_register_import(
    *, register_import: RegisterImport, user, fingerprint: str, clear_blanks: bool
) -> RegisterImport:
    """Queue a previewed import to be applied, exactly as previewed. Blank cells clear values on the register
    only with clear_blanks; otherwise the register's values are kept."""
    claimed = RegisterImport.objects.filter(
        pk=register_import.pk, status=RegisterImport.Status.CHECKED, preview__fingerprint=fingerprint
    ).update(
        status=RegisterImport.Status.APPLYING,
        clear_blanks=clear_blanks,
        confirmed_by=user,
        confirmed_at=timezone.now(),
    )
    if not claimed:
        raise ImportNotWaiting
    pk = register_import.pk
    apply_register_import.delay(pk)  # sent once this transaction commits (PortalTask)
    register_import.refresh_from_db()
    return register_import


def _referenced_elsewhere(resident_ids: list[int], register_import: RegisterImport) -> set[int]:
    """Those of the residents that anything refers to besides this import's own audit rows: feedback, link
    codes, preferences, survey invitations, later imports... Every relation to Resident is asked, so a model
    added later (in any app) is covered without this app knowing it."""
    found: set[int] = set()
    for relation in Resident._meta.related_objects:
        model, name = relation.related_model, relation.field.name
        rows = model._base_manager.filter(**{f"{name}__in": resident_ids})
        if model is RegisterChange:
            rows = rows.exclude(register_import=register_import)
        found.update(rows.values_list(name, flat=True).distinct())
    return found


@transaction.atomic
def undo_register_import(*, register_import: RegisterImport, user) -> dict:
    """Put back the values an import changed, where nobody has changed them again since.

    A value changed again since (by staff, the resident or a later import) is left as it is now and listed.
    Residents the import added are removed only when nothing else refers to them (no portal account, no
    feedback, no link code, no later import...) and nobody has edited them since; otherwise they are kept and
    listed. Homes, blocks and
    neighbourhoods it added are kept. Returns the report, which is also stored on the import.
    """
    locked = RegisterImport.objects.select_for_update().get(pk=register_import.pk)
    if locked.status != RegisterImport.Status.DONE:
        raise CannotUndo
    now = timezone.now()
    changes = list(
        RegisterChange.objects.filter(register_import=locked, reverted_at__isnull=True).select_related("resident")
    )
    residents = {c.resident_id: c.resident for c in changes}
    home_ids = {c.home_id for c in changes if c.home_id} | {r.home_id for r in residents.values()}
    homes = {h.pk: h for h in Home.objects.filter(pk__in=home_ids).select_related("block__neighbourhood")}
    home_by_reference = {
        ref: pk
        for ref, pk in Home.objects.filter(
            property_reference__in={v for c in changes if c.field == "home" for v in (c.old_value, c.new_value)}
        ).values_list("property_reference", "pk")
    }
    homes_by_reference_pk = {pk: ref for ref, pk in home_by_reference.items()}
    blocks = {
        f"{b.name} ({b.neighbourhood.name})": b for b in Block.objects.select_related("neighbourhood").order_by("pk")
    }

    restored, refused, created = [], [], []
    changed_residents, changed_homes = set(), set()
    seen_home_fields = set()
    for change in changes:
        resident = residents[change.resident_id]
        if change.field == RegisterChange.CREATED:
            created.append(change)
            continue
        if change.home_id:
            home = homes.get(change.home_id)
            key = (change.home_id, change.field)
            if home is None:
                continue
            if change.field == "block":
                now_value = f"{home.block.name} ({home.block.neighbourhood.name})"
            else:
                now_value = getattr(home, change.field)
            if key in seen_home_fields:  # the same home change recorded for a second resident in it
                (restored if now_value == change.old_value else refused).append(change)
                continue
            seen_home_fields.add(key)
            target = blocks.get(change.old_value) if change.field == "block" else None
            if now_value != change.new_value or (change.field == "block" and target is None):
                refused.append(change)
                change.now_value = now_value
                continue
            if change.field == "block":
                home.block = target
            else:
                setattr(home, change.field, change.old_value)
            changed_homes.add(home.pk)
            restored.append(change)
            continue
        if change.field == "home":
            now_value = homes_by_reference_pk.get(resident.home_id, "")
            target = home_by_reference.get(change.old_value)
            if now_value != change.new_value or target is None:
                change.now_value = now_value
                refused.append(change)
                continue
            resident.home_id = target
        else:
            now_value = getattr(resident, change.field)
            if now_value != change.new_value:
                change.now_value = now_value
                refused.append(change)
                continue
            setattr(resident, change.field, change.old_value)
        resident.updated_at = now
        changed_residents.add(resident.pk)
        restored.append(change)

    Resident.objects.bulk_update(
        [residents[pk] for pk in changed_residents], ["home_id", *RESIDENT_FIELDS, "updated_at"], batch_size=2000
    )
    Home.objects.bulk_update([homes[pk] for pk in changed_homes], ["block", *HOME_FIELDS], batch_size=2000)
    RegisterChange.objects.filter(pk__in=[c.pk for c in restored]).update(reverted_at=now)

    created_ids = [c.resident_id for c in created]
    # A new resident is kept if it has an account, anything refers to it, or its entry was edited since.
    keep = _referenced_elsewhere(created_ids, locked) | {
        c.resident_id
        for c in created
        if residents[c.resident_id].user_id or residents[c.resident_id].updated_at > c.changed_at
    }
    kept = [residents[pk] for pk in created_ids if pk in keep]
    removed = [pk for pk in created_ids if pk not in keep]
    Resident.objects.filter(pk__in=removed).delete()  # their audit rows go with them

    refused_unique = {(c.resident_id, c.field): c for c in refused if hasattr(c, "now_value")}
    report = {
        "restored": len(restored),
        "refused_count": len(refused_unique),
        "refused": [
            {
                "reference": residents[c.resident_id].resident_reference,
                "name": residents[c.resident_id].full_name,
                "field": RegisterChange.FIELD_LABELS.get(c.field, c.field),
                "import_value": c.new_value,
                "now_value": c.now_value,
            }
            for c in list(refused_unique.values())[:REPORT_LIMIT]
        ],
        "removed_new": len(removed),
        "kept_new_count": len(kept),
        "kept_new": [{"reference": r.resident_reference, "name": r.full_name} for r in kept[:REPORT_LIMIT]],
    }
    locked.status = RegisterImport.Status.UNDONE
    locked.undone_by = user
    locked.undone_at = now
    locked.undo_report = report
    locked.save(update_fields=["status", "undone_by", "undone_at", "undo_report"])
    forget_register_totals()
    return report
