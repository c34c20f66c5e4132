"""Importing the resident register from CSV.

A file is checked whole first: any bad row rejects it, with every problem listed by line number, and nothing
is written. A good file is applied in one transaction: new homes and residents are added, changed ones
updated, unchanged ones left alone, so importing the same file twice changes nothing. Residents missing from
the file are left as they are (a register export may be partial).

Progress is kept in the cache (Redis) so the page can show it while the import transaction is still open.
"""

import csv
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Block, Home, Neighbourhood, RegisterImport, Resident, Tenure, is_valid_postcode, normalise_postcode
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


def _upsert(model, key_field: str, fields: list[str], wanted: dict[str, dict], *, import_id, phase, offset, total):
    """Create missing rows and update changed ones, leaving unchanged rows untouched. Returns counts."""
    existing = {values[key_field]: values for values in _existing(model, key_field, list(wanted), ["id", *fields])}
    new, changed = [], []
    for key, values in wanted.items():
        current = existing.get(key)
        if current is None:
            new.append(model(**{key_field: key}, **values))
        elif any(current[f] != values[f] for f in fields):
            changed.append(model(id=current["id"], **{key_field: key}, **values))
    done = offset
    for start in range(0, len(new), BATCH):
        model.objects.bulk_create(new[start : start + BATCH])
        done += len(new[start : start + BATCH])
        report_progress(import_id, phase, done, total)
    for start in range(0, len(changed), BATCH):
        model.objects.bulk_update(changed[start : start + BATCH], fields)
        done += len(changed[start : start + BATCH])
        report_progress(import_id, phase, done, total)
    return {"added": len(new), "updated": len(changed), "unchanged": len(wanted) - len(new) - len(changed)}


def apply_rows(rows: list[dict], *, import_id: int | None = None) -> dict:
    """Write checked rows. Call inside a transaction."""
    block_ids = _upsert_places(rows)
    homes = {}
    for r in rows:
        homes[r["property_reference"]] = {
            "block_id": block_ids[(r["neighbourhood"].lower(), r["block"].lower())],
            "address_line_1": r["address_line_1"],
            "address_line_2": r["address_line_2"],
            "town": r["town"],
            "postcode": r["postcode"],
            "tenure": r["tenure"],
        }
    total = len(homes) + len(rows)
    home_counts = _upsert(
        Home, "property_reference", HOME_FIELDS, homes, import_id=import_id, phase="saving", offset=0, total=total
    )
    home_ids = {v["property_reference"]: v["id"] for v in _existing(Home, "property_reference", list(homes), ["id"])}
    residents = {
        r["resident_reference"]: {
            "home_id": home_ids[r["property_reference"]],
            "tenancy_reference": r["tenancy_reference"],
            "first_name": r["first_name"],
            "last_name": r["last_name"],
            "email": r["email"],
            "phone": r["phone"],
        }
        for r in rows
    }
    resident_counts = _upsert(
        Resident,
        "resident_reference",
        RESIDENT_FIELDS,
        residents,
        import_id=import_id,
        phase="saving",
        offset=len(homes),
        total=total,
    )
    services.forget_register_totals()
    return {"homes": home_counts, "residents": resident_counts}


def run_import(register_import: RegisterImport) -> RegisterImport:
    """Check and apply one uploaded file in a single transaction; record the outcome on the import."""
    checked = check_file(register_import.content, import_id=register_import.pk)
    register_import.total_rows = checked.total_rows
    register_import.started_at = register_import.started_at or timezone.now()
    if checked.errors:
        register_import.status = RegisterImport.Status.REJECTED
        register_import.errors = checked.errors[:MAX_ERRORS_KEPT]
        register_import.summary = {"error_count": len(checked.errors)}
    else:
        with transaction.atomic():
            register_import.summary = apply_rows(checked.rows, import_id=register_import.pk)
        register_import.status = RegisterImport.Status.DONE
        register_import.errors = []
    register_import.finished_at = timezone.now()
    register_import.save(update_fields=["status", "total_rows", "errors", "summary", "started_at", "finished_at"])
    report_progress(register_import.pk, "finished", checked.total_rows, checked.total_rows)
    return register_import


def claim_and_run_import(import_id: int) -> RegisterImport | None:
    """Run a queued import exactly once, even if the task is delivered twice or two workers race.

    The import row stays locked for the whole run; a second worker skips it. If the worker dies, the
    transaction rolls back, the row is still queued, and the redelivered task runs it again from the start.
    If the import itself fails, nothing of it is kept and it is marked failed, so the page stops waiting.
    """
    try:
        with transaction.atomic():
            register_import = (
                RegisterImport.objects.select_for_update(skip_locked=True)
                .filter(pk=import_id, status=RegisterImport.Status.QUEUED)
                .first()
            )
            if register_import is None:
                return None
            return run_import(register_import)
    except Exception:
        logger.exception("Register import %s failed; nothing was imported", import_id)
        RegisterImport.objects.filter(pk=import_id, status=RegisterImport.Status.QUEUED).update(
            status=RegisterImport.Status.FAILED, finished_at=timezone.now()
        )
        report_progress(import_id, "finished", 0, 0)
        raise
