"""Import the resident register from a CSV file, as the upload page does, but here and now.

    manage.py import_register path/to/register.csv

The file is checked whole first. If any row has a problem, nothing is imported: every problem is printed with
its line number and the command exits with an error. Otherwise new homes and residents are added, changed ones
updated and unchanged ones left alone, and the counts are printed. The import is recorded like an upload, so
it shows among the earlier imports on the staff pages.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from residents import register_import
from residents.models import RegisterImport


class Command(BaseCommand):
    help = "Import the resident register from a CSV file: all of it, or nothing if any row has a problem."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The register as a UTF-8 CSV file with the usual columns.")

    def handle(self, *args, path: Path, **options):
        text = read_text(path)
        record = RegisterImport.objects.create(
            filename=path.name[:255], content=text, status=RegisterImport.Status.RUNNING, started_at=timezone.now()
        )
        try:
            record = register_import.run_import(record)
        except Exception:
            record.status = RegisterImport.Status.FAILED
            record.finished_at = timezone.now()
            record.save(update_fields=["status", "finished_at"])
            raise

        if record.status == RegisterImport.Status.REJECTED:
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

        homes, residents = record.summary["homes"], record.summary["residents"]
        self.stdout.write(
            f"Imported {path.name}: {record.total_rows} rows checked. "
            f"Homes: {homes['added']} added, {homes['updated']} updated, {homes['unchanged']} unchanged. "
            f"Residents: {residents['added']} added, {residents['updated']} updated, "
            f"{residents['unchanged']} unchanged."
        )


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
