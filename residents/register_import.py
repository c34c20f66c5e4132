"""Importing the resident register from CSV.

A file is checked whole first: any bad row rejects it, with every problem listed by line number, and nothing
is written. A good file is compared with the register and the preview (what would be added, changed, and
cleared by blank cells) is stored on the import; nothing is written until staff confirm it. Applying writes
exactly what was previewed, in one transaction, or nothing if the register changed in between (the import is
then previewed again). New homes and residents are added, changed ones updated, unchanged ones left alone, so
importing the same file twice changes nothing. A blank email, phone, address line 2 or town clears the value
on the register only when that was confirmed separately; otherwise the register's value is kept. Residents
missing from the file are left as they are (a register export may be partial). Every change to a resident is
recorded as a RegisterChange, so an import can be looked at and undone (services/register_changes.py).

Progress is kept in the cache (Redis) so the page can show it while the import transaction is still open.
"""

import csv
import hashlib
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from . import services
from .models import (
    Block,
    Home,
    Neighbourhood,
    RegisterChange,
    RegisterImport,
    Resident,
    Tenure,
    is_valid_postcode,
    normalise_postcode,
)
from .models.people import join_name
from .services import updates

COLUMNS = [
    "resident_reference",
    "tenancy_reference",
    "first_name",
    "last_name",
    "email",
    "phone",
    "property_reference",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "tenure",
    "block",
    "neighbourhood",
]
REQUIRED = {
    "resident_reference",
    "tenancy_reference",
    "first_name",
    "last_name",
    "property_reference",
    "address_line_1",
    "postcode",
    "tenure",
    "block",
    "neighbourhood",
}
MAX_LENGTHS = {
    "resident_reference": 40,
    "tenancy_reference": 40,
    "first_name": 100,
    "last_name": 100,
    "email": 254,
    "phone": 30,
    "property_reference": 40,
    "address_line_1": 200,
    "address_line_2": 200,
    "town": 100,
    "block": 120,
    "neighbourhood": 120,
}
TENURES = {
    "lcra": Tenure.LCRA,
    "low-cost rental": Tenure.LCRA,
    "low cost rental": Tenure.LCRA,
    "lcho": Tenure.LCHO,
    "low-cost home ownership": Tenure.LCHO,
    "low cost home ownership": Tenure.LCHO,
}
HOME_FIELDS = ["block_id", "address_line_1", "address_line_2", "town", "postcode", "tenure"]
RESIDENT_FIELDS = ["home_id", "tenancy_reference", "first_name", "last_name", "email", "phone"]
EXAMPLE_FILE = Path(__file__).parent / "data" / "register_example.csv"
MAX_ERRORS_KEPT = 1000
logger = logging.getLogger(__name__)
BATCH = 2000


@dataclass
class CheckedFile:
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    total_rows: int = 0


def example_csv() -> str:
    return EXAMPLE_FILE.read_text()


def progress_key(import_id: int) -> str:
    return f"register-import:{import_id}:progress"


def report_progress(import_id: int | None, phase: str, done: int, total: int) -> None:
    if import_id is not None:
        cache.set(progress_key(import_id), {"phase": phase, "done": done, "total": total}, 60 * 60 * 24)


def get_progress(import_id: int) -> dict | None:
    return cache.get(progress_key(import_id))


def header_problem(text: str) -> str | None:
    """What is wrong with the header line, or None. Used to refuse a wrong file at upload."""
    first_line = text.split("\n", 1)[0]
    header = [h.strip().lower() for h in next(csv.reader([first_line]), [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return "The first line must name the columns. Missing: " + ", ".join(missing) + "."
    return None


def check_file(text: str, *, import_id: int | None = None) -> CheckedFile:
    """Parse and check every row. Line numbers count the header as line 1, as a spreadsheet shows them."""
    result = CheckedFile()
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        result.errors.append({"line": 1, "message": "The file is empty."})
        return result
    reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames]
    problem = header_problem(",".join(reader.fieldnames))
    if problem:
        result.errors.append({"line": 1, "message": problem})
        return result

    seen_residents: dict[str, int] = {}
    seen_homes: dict[str, tuple[int, tuple]] = {}
    seen_blocks: dict[str, tuple[int, str]] = {}
    total = text.count("\n")

    def error(line: int, message: str) -> None:
        result.errors.append({"line": line, "message": message})

    for index, raw in enumerate(reader):
        line = reader.line_num
        result.total_rows += 1
        if index % 5000 == 0:
            report_progress(import_id, "checking", index, total)
        if None in raw:
            error(line, "This row has more values than there are columns.")
            continue
        row = {key: (raw.get(key) or "").strip() for key in COLUMNS}
        problems = []
        for name in sorted(REQUIRED):
            if not row[name]:
                problems.append(f"{name} is missing")
        for name, limit in MAX_LENGTHS.items():
            if len(row[name]) > limit:
                problems.append(f"{name} is longer than {limit} characters")
        if row["email"]:
            try:
                validate_email(row["email"])
            except ValidationError:
                problems.append(f"email '{row['email']}' is not an email address")
        if row["postcode"] and not is_valid_postcode(row["postcode"]):
            problems.append(f"postcode '{row['postcode']}' is not a UK postcode")
        tenure = TENURES.get(row["tenure"].lower())
        if row["tenure"] and tenure is None:
            problems.append(
                f"tenure '{row['tenure']}' must be LCRA (low-cost rental) or LCHO (low-cost home ownership)"
            )
        if row["phone"] and not all(ch.isdigit() or ch in " +()-" for ch in row["phone"]):
            problems.append(f"phone '{row['phone']}' may contain only digits, spaces and + ( ) -")
        if problems:
            message = "; ".join(problems)
            # Not str.capitalize(): it lower-cases the rest, turning the typed value and "UK"/"LCRA" into lower case.
            error(line, message[0].upper() + message[1:] + ".")
            continue

        row["tenure"] = tenure
        row["postcode"] = normalise_postcode(row["postcode"])
        row["email"] = row["email"].lower()
        ref = row["resident_reference"]
        if ref in seen_residents:
            error(line, f"Resident reference {ref} is already on line {seen_residents[ref]}.")
            continue
        seen_residents[ref] = line
        home_key = (
            row["address_line_1"],
            row["address_line_2"],
            row["town"],
            row["postcode"],
            tenure,
            row["block"],
            row["neighbourhood"],
        )
        prop = row["property_reference"]
        if prop in seen_homes and seen_homes[prop][1] != home_key:
            error(line, f"Property {prop} has a different address, tenure or block on line {seen_homes[prop][0]}.")
            continue
        seen_homes.setdefault(prop, (line, home_key))
        block_key = row["block"].lower()
        if block_key in seen_blocks and seen_blocks[block_key][1].lower() != row["neighbourhood"].lower():
            error(line, f"Block {row['block']} is in a different neighbourhood on line {seen_blocks[block_key][0]}.")
            continue
        seen_blocks.setdefault(block_key, (line, row["neighbourhood"]))
        result.rows.append(row)
    return result


def _upsert_places(rows: list[dict]) -> dict[tuple[str, str], int]:
    """Make sure every neighbourhood and block exists. Returns (neighbourhood, block) -> block id."""
    # Names match whatever their case ("Millfield", "millfield"): one place each, named as first written.
    neighbourhood_names: dict[str, str] = {}
    wanted: dict[tuple[str, str], str] = {}
    for r in rows:
        neighbourhood_names.setdefault(r["neighbourhood"].lower(), r["neighbourhood"])
        wanted.setdefault((r["neighbourhood"].lower(), r["block"].lower()), r["block"])
    existing = {n.name.lower(): n for n in Neighbourhood.objects.all()}
    new_neighbourhoods = [Neighbourhood(name=name) for key, name in neighbourhood_names.items() if key not in existing]
    if new_neighbourhoods:
        Neighbourhood.objects.bulk_create(new_neighbourhoods, ignore_conflicts=True)
        updates.forget_public_pages()  # the public list offers every neighbourhood as a filter
    neighbourhoods = {n.name.lower(): n.id for n in Neighbourhood.objects.all()}
    blocks = {(b.neighbourhood_id, b.name.lower()): b.id for b in Block.objects.all()}
    Block.objects.bulk_create(
        [
            Block(neighbourhood_id=neighbourhoods[n], name=name)
            for (n, b), name in wanted.items()
            if (neighbourhoods[n], b) not in blocks
        ],
        ignore_conflicts=True,
    )
    blocks = {(b.neighbourhood_id, b.name.lower()): b.id for b in Block.objects.all()}
    return {(n, b): blocks[(neighbourhoods[n], b)] for n, b in wanted}


def _existing(model, key_field: str, keys: list[str], fields: list[str]):
    """Rows whose key is in keys, fetched in chunks so a 100,000-row file makes a few dozen queries."""
    for start in range(0, len(keys), 10_000):
        yield from model.objects.filter(**{f"{key_field}__in": keys[start : start + 10_000]}).values(key_field, *fields)


# Cells that may be left empty. A blank one where the register has a value would erase it, so it clears the value
# only when staff confirm that separately; otherwise the value already on the register is kept.
CLEARABLE = ("email", "phone", "address_line_2", "town")
HOME_DIFF = ["block", "address_line_1", "address_line_2", "town", "postcode", "tenure"]
RESIDENT_DIFF = ["home", "tenancy_reference", "first_name", "last_name", "email", "phone"]
FIELD_LABELS = RegisterChange.FIELD_LABELS
SAMPLE_SIZE = 50


class RegisterChanged(Exception):
    """The register changed after the file was checked: what was previewed is no longer what would happen."""


@dataclass
class Plan:
    """What a checked file would do to the register as it is now. Computed, never written, so the same file
    against the same register always gives the same plan (and the same fingerprint)."""

    rows: list[dict]
    new_homes: dict[str, dict] = field(default_factory=dict)
    changed_homes: dict[str, dict] = field(default_factory=dict)  # ref -> {"id", "target", "changes"}
    new_residents: dict[str, dict] = field(default_factory=dict)
    changed_residents: dict[str, dict] = field(default_factory=dict)
    new_neighbourhoods: int = 0
    new_blocks: int = 0
    home_count: int = 0

    def fingerprint(self) -> str:
        def changes(entries):
            return {ref: entry["changes"] for ref, entry in entries.items()}

        everything = [
            self.new_homes,
            changes(self.changed_homes),
            self.new_residents,
            changes(self.changed_residents),
        ]
        return hashlib.sha256(json.dumps(everything, sort_keys=True, default=list).encode()).hexdigest()


def _block_label(block: str, neighbourhood: str) -> str:
    return f"{block} ({neighbourhood})"


def _diff(current: dict, wanted: dict, fields: list[str]) -> dict[str, list[str]]:
    return {f: [current[f], wanted[f]] for f in fields if current[f] != wanted[f]}


def is_clearing(name: str, old: str, new: str) -> bool:
    return name in CLEARABLE and old != "" and new == ""


def plan_import(rows: list[dict]) -> Plan:
    """Compare checked rows with the register, in a fixed number of queries per 10,000 rows."""
    plan = Plan(rows=rows)
    homes: dict[str, dict] = {}
    for r in rows:
        homes.setdefault(
            r["property_reference"],
            {
                "block": _block_label(r["block"], r["neighbourhood"]),
                "block_key": [r["neighbourhood"].lower(), r["block"].lower()],
                **{f: r[f] for f in ("address_line_1", "address_line_2", "town", "postcode", "tenure")},
            },
        )
    plan.home_count = len(homes)
    neighbourhoods = {name.lower() for name in Neighbourhood.objects.values_list("name", flat=True)}
    blocks = {(n.lower(), b.lower()) for n, b in Block.objects.values_list("neighbourhood__name", "name")}
    plan.new_neighbourhoods = len({r["neighbourhood"].lower() for r in rows} - neighbourhoods)
    plan.new_blocks = len({(r["neighbourhood"].lower(), r["block"].lower()) for r in rows} - blocks)

    existing_homes = {
        v["property_reference"]: v
        for v in _existing(
            Home,
            "property_reference",
            list(homes),
            ["id", "block__name", "block__neighbourhood__name", *HOME_DIFF[1:]],
        )
    }
    for ref, wanted in homes.items():
        current = existing_homes.get(ref)
        if current is None:
            plan.new_homes[ref] = wanted
            continue
        current["block"] = _block_label(current["block__name"], current["block__neighbourhood__name"])
        # Names match whatever their case, as they do when places are added.
        if [current["block__neighbourhood__name"].lower(), current["block__name"].lower()] == wanted["block_key"]:
            current["block"] = wanted["block"]
        changes = _diff(current, wanted, HOME_DIFF)
        if changes:
            plan.changed_homes[ref] = {"id": current["id"], "current": current, "target": wanted, "changes": changes}

    existing_residents = {
        v["resident_reference"]: v
        for v in _existing(
            Resident,
            "resident_reference",
            [r["resident_reference"] for r in rows],
            ["id", "home__property_reference", *RESIDENT_DIFF[1:]],
        )
    }
    for r in rows:
        ref = r["resident_reference"]
        wanted = {"home": r["property_reference"], **{f: r[f] for f in RESIDENT_DIFF[1:]}}
        current = existing_residents.get(ref)
        if current is None:
            plan.new_residents[ref] = wanted
            continue
        current["home"] = current["home__property_reference"]
        changes = _diff(current, wanted, RESIDENT_DIFF)
        if changes:
            plan.changed_residents[ref] = {
                "id": current["id"],
                "current": current,
                "target": wanted,
                "changes": changes,
            }
    return plan


def _kept_changes(changes: dict, clear_blanks: bool) -> dict:
    return {f: v for f, v in changes.items() if clear_blanks or not is_clearing(f, *v)}


def summarise_plan(plan: Plan) -> dict:
    """The preview staff see: counts, values blank cells would clear by column, and a sample of the residents
    and homes affected. Stored on the import with the plan's fingerprint."""
    cleared = dict.fromkeys(CLEARABLE, 0)
    for entries in (plan.changed_homes, plan.changed_residents):
        for entry in entries.values():
            for name, (old, new) in entry["changes"].items():
                if is_clearing(name, old, new):
                    cleared[name] += 1

    def updated(entries) -> int:
        return sum(1 for entry in entries.values() if _kept_changes(entry["changes"], False))

    def updated_if_cleared(entries) -> int:
        return len(entries)

    sample = []
    for ref, values in plan.new_residents.items():
        if len(sample) >= SAMPLE_SIZE:
            break
        sample.append(
            {
                "kind": "new resident",
                "reference": ref,
                "name": join_name(values["first_name"], values["last_name"]),
                "changes": [],
            }
        )
    for kind, entries in (("resident", plan.changed_residents), ("home", plan.changed_homes)):
        for ref, entry in entries.items():
            if len(sample) >= SAMPLE_SIZE:
                break
            current = entry["current"]
            name = (
                join_name(current["first_name"], current["last_name"])
                if kind == "resident"
                else current["address_line_1"]
            )
            sample.append(
                {
                    "kind": kind,
                    "reference": ref,
                    "name": name,
                    "changes": [
                        {"field": FIELD_LABELS[f], "old": old, "new": new, "clears": is_clearing(f, old, new)}
                        for f, (old, new) in entry["changes"].items()
                    ],
                }
            )
    affected = len(plan.new_residents) + len(plan.changed_residents) + len(plan.changed_homes)
    resident_count = len(plan.rows)
    return {
        "fingerprint": plan.fingerprint(),
        "rows": len(plan.rows),
        "places": {"neighbourhoods": plan.new_neighbourhoods, "blocks": plan.new_blocks},
        "homes": {
            "added": len(plan.new_homes),
            "updated": updated(plan.changed_homes),
            "updated_if_cleared": updated_if_cleared(plan.changed_homes),
            "unchanged": plan.home_count - len(plan.new_homes) - updated(plan.changed_homes),
        },
        "residents": {
            "added": len(plan.new_residents),
            "updated": updated(plan.changed_residents),
            "updated_if_cleared": updated_if_cleared(plan.changed_residents),
            "unchanged": resident_count - len(plan.new_residents) - updated(plan.changed_residents),
        },
        "cleared": cleared,
        "cleared_by_column": [[FIELD_LABELS[name], count] for name, count in cleared.items()],
        "clear_total": sum(cleared.values()),
        "sample": sample,
        "more": affected - len(sample),
    }


def _write(model, fields: list[str], new: list, changed: list, *, import_id, done: int, total: int) -> int:
    for start in range(0, len(new), BATCH):
        model.objects.bulk_create(new[start : start + BATCH])
        done += len(new[start : start + BATCH])
        report_progress(import_id, "saving", done, total)
    for start in range(0, len(changed), BATCH):
        model.objects.bulk_update(changed[start : start + BATCH], fields)
        done += len(changed[start : start + BATCH])
        report_progress(import_id, "saving", done, total)
    return done


def apply_plan(plan: Plan, *, clear_blanks: bool, register_import: RegisterImport | None = None, user=None) -> dict:
    """Write a plan: add new places, homes and residents, change what changed (blanks clear values only with
    clear_blanks), and record every change made to a resident as a RegisterChange. Call inside a transaction."""
    import_id = register_import.pk if register_import else None
    block_ids = {tuple(k): v for k, v in _upsert_places(plan.rows).items()}
    homes_changed = {
        ref: entry for ref, entry in plan.changed_homes.items() if _kept_changes(entry["changes"], clear_blanks)
    }
    residents_changed = {
        ref: entry for ref, entry in plan.changed_residents.items() if _kept_changes(entry["changes"], clear_blanks)
    }
    total = len(plan.new_homes) + len(homes_changed) + len(plan.new_residents) + len(residents_changed)

    def home_values(ref: str, values: dict, keep: dict | None) -> dict:
        out = {f: values[f] for f in HOME_DIFF[1:]}
        if keep:  # a blank cell that may not clear: the register's value stays
            out |= {f: keep[f] for f in CLEARABLE if f in out and out[f] == "" and not clear_blanks}
        return {"block_id": block_ids[tuple(values["block_key"])], **out}

    done = _write(
        Home,
        HOME_FIELDS,
        [Home(property_reference=ref, **home_values(ref, v, None)) for ref, v in plan.new_homes.items()],
        [
            Home(id=e["id"], property_reference=ref, **home_values(ref, e["target"], e["current"]))
            for ref, e in homes_changed.items()
        ],
        import_id=import_id,
        done=0,
        total=total,
    )
    home_ids = {
        v["property_reference"]: v["id"]
        for v in _existing(Home, "property_reference", [r["property_reference"] for r in plan.rows], ["id"])
    }

    def resident_values(values: dict, keep: dict | None) -> dict:
        out = {f: values[f] for f in RESIDENT_DIFF[1:]}
        if keep:
            out |= {f: keep[f] for f in CLEARABLE if f in out and out[f] == "" and not clear_blanks}
        return {"home_id": home_ids[values["home"]], **out}

    _write(
        Resident,
        RESIDENT_FIELDS,
        [Resident(resident_reference=ref, **resident_values(v, None)) for ref, v in plan.new_residents.items()],
        [
            Resident(id=e["id"], resident_reference=ref, **resident_values(e["target"], e["current"]))
            for ref, e in residents_changed.items()
        ],
        import_id=import_id,
        done=done,
        total=total,
    )
    cleared = dict.fromkeys(CLEARABLE, 0)
    if clear_blanks:
        for entries in (homes_changed, residents_changed):
            for entry in entries.values():
                for name, (old, new) in entry["changes"].items():
                    if is_clearing(name, old, new):
                        cleared[name] += 1
    if register_import is not None:
        _record_changes(plan, register_import, user, clear_blanks, homes_changed, residents_changed)
    services.forget_register_totals()
    unchanged_homes = plan.home_count - len(plan.new_homes) - len(homes_changed)
    unchanged_residents = len(plan.rows) - len(plan.new_residents) - len(residents_changed)
    return {
        "homes": {"added": len(plan.new_homes), "updated": len(homes_changed), "unchanged": unchanged_homes},
        "residents": {
            "added": len(plan.new_residents),
            "updated": len(residents_changed),
            "unchanged": unchanged_residents,
        },
        "cleared": cleared,
    }


def _record_changes(plan, register_import, user, clear_blanks, homes_changed, residents_changed) -> None:
    """One audit row per field changed per resident; a home's changes are recorded for each resident in it."""
    now = timezone.now()
    common = {"register_import_id": register_import.pk, "changed_at": now, "changed_by": user}
    refs = [*plan.new_residents, *residents_changed]
    ids = {v["resident_reference"]: v["id"] for v in _existing(Resident, "resident_reference", refs, ["id"])}
    audit = [RegisterChange(resident_id=ids[ref], field=RegisterChange.CREATED, **common) for ref in plan.new_residents]
    for ref, entry in residents_changed.items():
        audit += [
            RegisterChange(resident_id=ids[ref], field=name, old_value=old, new_value=new, **common)
            for name, (old, new) in _kept_changes(entry["changes"], clear_blanks).items()
        ]
    home_changes = {entry["id"]: _kept_changes(entry["changes"], clear_blanks) for entry in homes_changed.values()}
    home_ids = list(home_changes)
    for start in range(0, len(home_ids), 10_000):
        living = Resident.objects.filter(home_id__in=home_ids[start : start + 10_000]).values_list("id", "home_id")
        for resident_id, home_id in living:
            audit += [
                RegisterChange(
                    resident_id=resident_id, home_id=home_id, field=name, old_value=old, new_value=new, **common
                )
                for name, (old, new) in home_changes[home_id].items()
            ]
    RegisterChange.objects.bulk_create(audit, batch_size=BATCH)


def apply_rows(rows: list[dict], *, clear_blanks: bool = False) -> dict:
    """Write checked rows as they compare with the register now, with no preview and no audit (the demo data
    uses it). Call inside a transaction."""
    return apply_plan(plan_import(rows), clear_blanks=clear_blanks)


def _reject(register_import: RegisterImport, checked: CheckedFile) -> None:
    register_import.status = RegisterImport.Status.REJECTED
    register_import.errors = checked.errors[:MAX_ERRORS_KEPT]
    register_import.summary = {"error_count": len(checked.errors)}


def preview_import(register_import: RegisterImport, *, stale: bool = False) -> RegisterImport:
    """Check the file and work out what it would change, writing nothing to the register. A bad file is
    rejected with every problem; a good one waits, with its preview, for staff to confirm it."""
    checked = check_file(register_import.content, import_id=register_import.pk)
    register_import.total_rows = checked.total_rows
    register_import.started_at = register_import.started_at or timezone.now()
    if checked.errors:
        _reject(register_import, checked)
    else:
        report_progress(register_import.pk, "comparing", checked.total_rows, checked.total_rows)
        register_import.preview = summarise_plan(plan_import(checked.rows)) | {"stale": stale}
        register_import.status = RegisterImport.Status.CHECKED
        register_import.errors = []
    register_import.finished_at = timezone.now()
    register_import.save(
        update_fields=["status", "total_rows", "errors", "summary", "preview", "started_at", "finished_at"]
    )
    report_progress(register_import.pk, "finished", checked.total_rows, checked.total_rows)
    return register_import


def apply_import(register_import: RegisterImport, *, user=None) -> RegisterImport:
    """Apply a confirmed import exactly as previewed, in one transaction. If the register changed since the
    preview (so the file would now do something else), nothing is written: the new preview replaces the old
    one and the import waits for confirmation again."""
    checked = check_file(register_import.content, import_id=register_import.pk)
    if checked.errors:  # the file is stored and was checked: only a change of the rules can get here
        _reject(register_import, checked)
        register_import.finished_at = timezone.now()
        register_import.save(update_fields=["status", "errors", "summary", "finished_at"])
        return register_import
    plan = plan_import(checked.rows)
    if plan.fingerprint() != register_import.preview.get("fingerprint"):
        register_import.preview = summarise_plan(plan) | {"stale": True}
        register_import.status = RegisterImport.Status.CHECKED
        register_import.clear_blanks = False
        register_import.save(update_fields=["preview", "status", "clear_blanks"])
        report_progress(register_import.pk, "finished", 0, 0)
        return register_import
    with transaction.atomic():
        register_import.summary = apply_plan(
            plan,
            clear_blanks=register_import.clear_blanks,
            register_import=register_import,
            user=user or register_import.confirmed_by,
        )
    register_import.status = RegisterImport.Status.DONE
    register_import.finished_at = timezone.now()
    register_import.save(update_fields=["status", "summary", "finished_at"])
    report_progress(register_import.pk, "finished", checked.total_rows, checked.total_rows)
    return register_import


def apply_previewed(register_import: RegisterImport, *, clear_blanks: bool = False, user=None) -> RegisterImport:
    """Confirm and apply a checked import here and now, exactly as previewed (the import_register command)."""
    register_import.clear_blanks = clear_blanks
    register_import.confirmed_by = user
    register_import.confirmed_at = timezone.now()
    register_import.save(update_fields=["clear_blanks", "confirmed_by", "confirmed_at"])
    with transaction.atomic():
        return apply_import(register_import, user=user)


def run_import(register_import: RegisterImport, *, clear_blanks: bool = False, user=None) -> RegisterImport:
    """Check, preview and apply one file here and now."""
    preview_import(register_import)
    if register_import.status != RegisterImport.Status.CHECKED:
        return register_import
    return apply_previewed(register_import, clear_blanks=clear_blanks, user=user)


def _claim_and_run(import_id: int, status: str, run) -> RegisterImport | None:
    """Run one step of an import exactly once, even if the task is delivered twice or two workers race.

    The import row stays locked for the whole step; a second worker skips it. If the worker dies, the
    transaction rolls back, the row keeps its status, and the redelivered task runs the step again from the
    start. If the step itself fails, nothing of it is kept and the import is marked failed, so the page stops
    waiting.
    """
    try:
        with transaction.atomic():
            register_import = (
                RegisterImport.objects.select_for_update(skip_locked=True).filter(pk=import_id, status=status).first()
            )
            if register_import is None:
                return None
            return run(register_import)
    except Exception:
        logger.exception("Register import %s failed; nothing was imported", import_id)
        RegisterImport.objects.filter(pk=import_id, status=status).update(
            status=RegisterImport.Status.FAILED, finished_at=timezone.now()
        )
        report_progress(import_id, "finished", 0, 0)
        raise


def claim_and_preview_import(import_id: int) -> RegisterImport | None:
    """Check an uploaded file and store its preview (the background step after an upload)."""
    return _claim_and_run(import_id, RegisterImport.Status.QUEUED, preview_import)


def claim_and_apply_import(import_id: int) -> RegisterImport | None:
    """Apply a confirmed import (the background step after staff confirm its preview)."""
    return _claim_and_run(import_id, RegisterImport.Status.APPLYING, apply_import)
