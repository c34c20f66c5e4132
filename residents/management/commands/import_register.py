"""Import the resident register from a CSV file, as the upload page does, but here and now.

    manage.py import_register path/to/register.csv                          # check and show what would change
    manage.py import_register path/to/register.csv --apply                  # ... and import it
    manage.py import_register path/to/register.csv --apply --clear-blanks   # ... letting blank cells clear values

The file is checked whole first. If any row has a problem, nothing is imported: every problem is printed with
its line number and the command exits with an error. Otherwise what the file would change is printed (new,
updated and unchanged homes and residents, and the values blank cells would clear, by column), and nothing is
written unless --apply is given. With --apply, new homes and residents are added and changed ones updated; a
blank email, phone, address line 2 or town leaves the register's value as it is unless --clear-blanks is given
too. The import is recorded like an upload (with the audit of what it changed), so it shows among the earlier
imports on the staff pages, where it can be looked at, confirmed (if it was only checked) or undone.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from residents.people import register_import
from residents.people.models import RegisterImport


class Command(BaseCommand):
    help = (
        "Check the resident register in a CSV file and show what it would change; import it with --apply "
        "(all of it, or nothing if any row has a problem)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The register as a UTF-8 CSV file with the usual columns.")
        parser.add_argument("--apply", action="store_true", help="Import the file after showing what it changes.")
        parser.add_argument(
            "--clear-blanks",
            action="store_true",
            help="With --apply: a blank email, phone, address line 2 or town clears the value on the register "
            "(without it, the register's value is kept).",
        )

    def handle(self, *args, path: Path, apply: bool, clear_blanks: bool, **options):
        if clear_blanks and not apply:
            raise CommandError("--clear-blanks only makes sense with --apply.")
        text = read_text(path)
        record = RegisterImport.objects.create(
            filename=path.name[:255], content=text, status=RegisterImport.Status.RUNNING, started_at=timezone.now()
        )
        try:
            record = register_import.preview_import(record)
        except Exception:
            self._failed(record)
            raise
        if record.status == RegisterImport.Status.REJECTED:
            self._rejected(record, path)

        self._print_preview(record, path)
        if not apply:
            self.stdout.write(
                "Nothing was imported. Run the command again with --apply to import this file"
                + (", and --clear-blanks to let blank cells clear values." if record.preview["clear_total"] else ".")
            )
            return
        try:
            record = register_import.apply_previewed(record, clear_blanks=clear_blanks)
        except Exception:
            self._failed(record)
            raise
        if record.status != RegisterImport.Status.DONE:
            raise CommandError(
                "Nothing was imported: the register changed while the file was being checked. Run the command again."
            )

        homes, residents = record.summary["homes"], record.summary["residents"]
        self.stdout.write(
            f"Imported {path.name}: {record.total_rows} rows checked. "
            f"Homes: {homes['added']} added, {homes['updated']} updated, {homes['unchanged']} unchanged. "
            f"Residents: {residents['added']} added, {residents['updated']} updated, "
            f"{residents['unchanged']} unchanged."
        )
        cleared = sum(record.summary["cleared"].values())
        if cleared:
            self.stdout.write(f"Blank cells cleared {cleared} value{'s' if cleared != 1 else ''}.")

    def _failed(self, record: RegisterImport) -> None:
        record.status = RegisterImport.Status.FAILED
        record.finished_at = timezone.now()
        record.save(update_fields=["status", "finished_at"])

    def _rejected(self, record: RegisterImport, path: Path) -> None:
        for error in record.errors:
            self.stderr.write(f"Line {error['line']}: {error['message']}")
        count = record.summary.get("error_count", len(record.errors))
        if count > len(record.errors):
            self.stderr.write(f"... and {count - len(record.errors)} more problems not listed.")
        problems = "problem" if count == 1 else "problems"
        raise CommandError(
            f"Nothing was imported: {count} {problems} in {record.total_rows} rows of {path.name}. "
            "Correct the file and run the command again."
        )

    def _print_preview(self, record: RegisterImport, path: Path) -> None:
        preview = record.preview
        homes, residents = preview["homes"], preview["residents"]
        self.stdout.write(
            f"Checked {path.name}: {record.total_rows} rows. It would change: "
            f"Homes: {homes['added']} new, {homes['updated']} updated, {homes['unchanged']} unchanged. "
            f"Residents: {residents['added']} new, {residents['updated']} updated, "
            f"{residents['unchanged']} unchanged."
        )
        if preview["clear_total"]:
            by_column = ", ".join(f"{label}: {count}" for label, count in preview["cleared_by_column"] if count)
            self.stdout.write(
                f"Blank cells would clear {preview['clear_total']} values on the register ({by_column}); "
                "they are kept unless --clear-blanks is given."
            )
        for item in preview["sample"]:
            if item["kind"] == "new resident":
                self.stdout.write(f"  {item['reference']} {item['name']}: new resident")
            for change in item["changes"]:
                note = " (clears it, only with --clear-blanks)" if change["clears"] else ""
                self.stdout.write(
                    f"  {item['reference']} {item['name']}: {change['field']}: "
                    f"{change['old'] or '(blank)'} to {change['new'] or '(blank)'}{note}"
                )
        if preview["more"]:
            self.stdout.write(f"  ... and {preview['more']} more.")


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
    if b"\x00" in raw[:8192]:
        raise CommandError(f"{path} is not a CSV file. Save the register as CSV and try again.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(
            f"{path} is not saved as UTF-8 text. In your spreadsheet choose 'CSV UTF-8' when saving."
        ) from None
