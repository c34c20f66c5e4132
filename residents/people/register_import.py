"""Importing the resident register from CSV.

A file is checked whole first: any bad row rejects it, with every problem listed by line number, and nothing
is written. A good file is compared with the register and the preview (what would be added, changed, and
cleared by blank cells) is stored on the import; nothing is written until staff confirm it. Applying writes
exactly what was previewed, in one transaction, or nothing if the register changed in between (the import is
then previewed again). New homes and residents are added, changed ones updated, unchanged ones left alone, so
importing the same file twice changes nothing. A blank email, phone, address line 2 or town clears the value
on the register only when that was confirmed separately; otherwise the register's value is kept. Residents
missing from the file are left as they are (a register export may be partial). Every change to a resident is
recorded as a RegisterChange, so an import can be looked at and undone (services/register_changes.py). The
comparison with the register and the writing are in register_plan.py.

Progress is kept in the cache (Redis) so the page can show it while the import transaction is still open.
"""

import csv
import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import RegisterImport, Tenure, is_valid_postcode, normalise_postcode
from .register_plan import (  # noqa: F401  (apply_rows, FIELD_LABELS, SAMPLE_SIZE: used through this module)
    FIELD_LABELS,
    SAMPLE_SIZE,
    Plan,
    apply_plan,
    apply_rows,
    plan_import,
    summarise_plan,
)

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
EXAMPLE_FILE = Path(__file__).parent.parent / "data" / "register_example.csv"
MAX_ERRORS_KEPT = 1000
# An import still waiting this long after its upload or confirmation lost its task (the broker was down, the
# message was lost): the sweep runs it. Long enough that the task sent at the time normally gets there first.
RESUME_AFTER = timedelta(minutes=2)
logger = logging.getLogger(__name__)


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
            progress=lambda done, total: report_progress(register_import.pk, "saving", done, total),
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


def resume_waiting_imports(*, now: datetime | None = None, time_budget: float = float("inf")) -> list[int]:
    """Check uploads, and apply confirmed imports, still waiting RESUME_AFTER after their task should have
    run them (the periodic sweep). Oldest first, one at a time; each is claimed, so one a worker is running,
    or has run, is skipped. Returns the ids it ran."""
    cutoff = (now or timezone.now()) - RESUME_AFTER
    waiting = (
        RegisterImport.objects.filter(
            Q(status=RegisterImport.Status.QUEUED, created_at__lt=cutoff)
            | Q(status=RegisterImport.Status.APPLYING, confirmed_at__lt=cutoff)
        )
        .order_by("created_at")
        .values_list("pk", "status")
    )
    steps: dict[str, Callable[[int], RegisterImport | None]] = {
        RegisterImport.Status.QUEUED: claim_and_preview_import,
        RegisterImport.Status.APPLYING: claim_and_apply_import,
    }
    started, ran = time.monotonic(), []
    for import_id, status in waiting:
        if time.monotonic() - started > time_budget:
            break
        if steps[status](import_id) is not None:
            ran.append(import_id)
    return ran
