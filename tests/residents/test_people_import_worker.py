"""Register imports are checked and, once confirmed, applied in the background on a real Celery worker
process, exactly once."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from residents.models import Block, Home, Neighbourhood, RegisterImport, Resident
from residents.people.register_import import COLUMNS

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TASK = "residents.tasks.apply_register_import"


def register_rows(count: int, *, start: int = 1) -> list[dict]:
    """count residents, two to a home, ten homes to a block, spread over five neighbourhoods."""
    rows = []
    for n in range(start, start + count):
        home = (n + 1) // 2
        block = home // 10
        rows.append(
            {
                "resident_reference": f"R-{n:07d}",
                "tenancy_reference": f"T-{home:07d}",
                "first_name": f"First{n}",
                "last_name": f"Last{n}",
                "email": f"resident{n}@example.org" if n % 3 else "",
                "phone": "07700 900000" if n % 2 else "",
                "property_reference": f"P-{home:07d}",
                "address_line_1": f"{home} Long Street",
                "address_line_2": "",
                "town": "Leeds",
                "postcode": f"LS{home % 20 + 1} {home % 9 + 1}AB",
                "tenure": "LCHO" if home % 7 == 0 else "LCRA",
                "block": f"Block {block}",
                "neighbourhood": f"Area {block % 5}",
            }
        )
    return rows


def to_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def upload(client: Client, name: str, content: bytes):
    response = client.post("/staff/register/import/", {"file": SimpleUploadedFile(name, content, "text/csv")})
    assert response.status_code == 302, response.content.decode()[:2000]
    return RegisterImport.objects.latest("created_at"), response["Location"]


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def finished(import_id: int):
    register = RegisterImport.objects.get(pk=import_id)
    return register if register.is_finished else None


def confirm_via_page(client: Client, register: RegisterImport) -> None:
    """Tick "I have checked these changes" on the preview and send it, as staff do."""
    register.refresh_from_db()
    response = client.post(
        f"/staff/register/import/{register.pk}/apply/",
        {"confirm": "on", "fingerprint": register.preview["fingerprint"]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def place_counts() -> tuple[int, int, int, int]:
    return (Neighbourhood.objects.count(), Block.objects.count(), Home.objects.count(), Resident.objects.count())


def test_large_upload_is_imported_in_the_background(celery_worker, client_for):
    client = client_for("staff")
    celery_worker.pause()
    register, url = upload(client, "register.csv", to_csv(register_rows(5000)))

    # Nothing has run yet: the page says it is waiting and will poll for news.
    waiting = page_text(client, url)
    assert "Waiting to start" in waiting
    assert 'hx-trigger="every 2s"' in waiting
    assert Resident.objects.count() == 0

    celery_worker.resume()
    seen = []

    def done_via_the_page():
        # What htmx fetches every two seconds: the status part of the page only.
        response = client.get(url, headers={"HX-Request": "true"})
        html = response.content.decode()
        seen.append(html)
        return "Imported" in html and html

    def checked_via_the_page():
        html = client.get(url, headers={"HX-Request": "true"}).content.decode()
        return "Checked: nothing has been imported yet" in html and html

    checked = celery_worker.wait_for(checked_via_the_page, timeout=120, message="the import page to show the preview")
    assert "hx-trigger" not in checked, "a preview waiting for confirmation does not poll"
    assert "What this file would change" in checked
    assert Resident.objects.count() == 0, "nothing is imported before staff confirm"
    confirm_via_page(client, register)
    html = celery_worker.wait_for(done_via_the_page, timeout=120, message="the import page to say Imported")

    assert "5,000 rows checked" in html
    assert "Homes: 2,500 added, 0 updated, 0 unchanged" in html
    assert "Residents: 5,000 added, 0 updated, 0 unchanged" in html
    assert "hx-trigger" not in html, "a finished import must stop polling"
    assert all("Nothing was imported" not in h for h in seen)
    register.refresh_from_db()
    assert register.status == RegisterImport.Status.DONE
    assert (Home.objects.count(), Resident.objects.count()) == (2500, 5000)
    assert Resident.objects.get(resident_reference="R-0004999").home.property_reference == "P-0002500"
    full_page = page_text(client, url)
    assert "Imported" in full_page and "Residents: 5,000 added" in full_page


def test_file_with_bad_rows_imports_nothing_and_lists_every_problem(celery_worker, client_for):
    client = client_for("staff")
    # What is already on the register must not change when a file is rejected.
    good, _ = upload(client, "first.csv", to_csv(register_rows(20)))
    celery_worker.wait_for(lambda: finished(good.pk), message="the first file to be checked")
    confirm_via_page(client, good)
    celery_worker.wait_for(
        lambda: RegisterImport.objects.filter(pk=good.pk, status="done").first(), message="the first import to finish"
    )
    before = place_counts()
    assert before == (2, 2, 10, 20)

    rows = register_rows(300, start=1)
    rows[0]["first_name"] = "Renamed"  # a good row that would change an existing resident
    rows[9]["postcode"] = "NOT A POSTCODE"  # line 11
    rows[99]["tenure"] = "freehold"  # line 101
    rows[149]["email"] = "not-an-email"  # line 151
    rows[199]["last_name"] = ""  # line 201
    rows[250]["resident_reference"] = rows[249]["resident_reference"]  # line 252 repeats line 251
    register, url = upload(client, "bad.csv", to_csv(rows))

    register = celery_worker.wait_for(lambda: finished(register.pk), message="the bad import to finish")
    assert register.status == RegisterImport.Status.REJECTED

    html = page_text(client, url)
    assert "Nothing was imported" in html
    assert "We found 5 problems in 300 rows" in html
    for line, text in [
        (11, "Postcode &#x27;NOT A POSTCODE&#x27; is not a UK postcode."),
        (101, "Tenure &#x27;freehold&#x27; must be LCRA (low-cost rental) or LCHO (low-cost home ownership)."),
        (151, "Email &#x27;not-an-email&#x27; is not an email address."),
        (201, "Last_name is missing."),
        (252, "Resident reference R-0000250 is already on line 251."),
    ]:
        assert f"<tr><td>{line}</td><td>{text}</td></tr>" in html, (line, text)
    assert html.count("<tr><td>") == 5
    assert "hx-trigger" not in html

    assert place_counts() == before
    assert Resident.objects.get(resident_reference="R-0000001").first_name == "First1"


def test_the_same_import_queued_twice_runs_once(celery_worker, staff):
    from residents.people.register_import import preview_import
    from residents.tasks import apply_register_import

    register = preview_import(
        RegisterImport.objects.create(
            uploaded_by=staff, filename="twice.csv", content=to_csv(register_rows(400)).decode()
        )
    )
    RegisterImport.objects.filter(pk=register.pk).update(status=RegisterImport.Status.APPLYING)
    celery_worker.pause()
    apply_register_import.delay(register.pk)
    apply_register_import.delay(register.pk)
    celery_worker.resume()

    celery_worker.wait_for(lambda: celery_worker.tasks_succeeded(TASK) == 2, message="both deliveries to finish")

    register.refresh_from_db()
    assert register.status == RegisterImport.Status.DONE
    # Had the second delivery imported the file again, it would have found every row unchanged and said so.
    assert register.summary == {
        "homes": {"added": 200, "updated": 0, "unchanged": 0},
        "residents": {"added": 400, "updated": 0, "unchanged": 0},
        "cleared": {"email": 0, "phone": 0, "address_line_2": 0, "town": 0},
    }
    assert (Home.objects.count(), Resident.objects.count()) == (200, 400)
    assert celery_worker.log.count("raised unexpected") == 0
