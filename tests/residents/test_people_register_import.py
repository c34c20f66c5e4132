"""Importing the resident register: the service, the upload pages and the import_register command.

Running on a real Celery worker is tested in test_people_import_worker.py; here the import runs in the test process.
"""

import base64
import csv
import io
import json
import os
import subprocess
import sys
import threading
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse
from redis import Redis

from engagement.celery import app as celery_app
from residents.models import Block, Home, Neighbourhood, RegisterChange, RegisterImport, Resident, Tenure
from residents.people import register_import
from residents.people.register_import import COLUMNS

from ..workers import database_url

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TASK = "residents.tasks.check_register_import"


# Building files --------------------------------------------------------------------------------------------


def row(**values) -> dict:
    """One good register row; keyword arguments change it."""
    base = {
        "resident_reference": "R-1",
        "tenancy_reference": "T-1",
        "first_name": "Amina",
        "last_name": "Okafor",
        "email": "amina@example.org",
        "phone": "07700 900001",
        "property_reference": "P-1",
        "address_line_1": "Flat 1 Alder House",
        "address_line_2": "12 Mill Lane",
        "town": "Leeds",
        "postcode": "LS6 2AB",
        "tenure": "LCRA",
        "block": "Alder House",
        "neighbourhood": "Millfield",
    }
    return base | values


def csv_text(rows: list[dict], *, header: list[str] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# Three residents (two of them joint tenants) in two homes, two blocks, two neighbourhoods.
GOOD_ROWS = [
    row(),
    row(resident_reference="R-2", first_name="Tunde", email="", phone="", postcode="ls6 2ab"),
    row(
        resident_reference="R-3",
        tenancy_reference="T-2",
        first_name="Piotr",
        last_name="Nowak",
        email="Piotr.Nowak@Example.org",
        property_reference="P-2",
        address_line_1="7 Beech Road",
        address_line_2="",
        postcode="ls63cd",
        tenure="Low-cost home ownership",
        block="Beech Road",
        neighbourhood="Hillside",
    ),
]
GOOD_FILE = csv_text(GOOD_ROWS)


def run(text: str) -> RegisterImport:
    return register_import.run_import(RegisterImport.objects.create(filename="register.csv", content=text))


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in (Neighbourhood, Block, Home, Resident)}


def snapshot() -> list:
    """Everything an import can write, to check that a rejected file wrote nothing."""
    return [
        list(Neighbourhood.objects.order_by("pk").values_list()),
        list(Block.objects.order_by("pk").values_list()),
        list(Home.objects.order_by("pk").values_list()),
        list(Resident.objects.order_by("pk").values_list()),
    ]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


# The import service --------------------------------------------------------------------------------------


def test_good_file_imports_neighbourhoods_blocks_homes_and_residents(db):
    result = run(GOOD_FILE)

    assert result.status == RegisterImport.Status.DONE
    assert result.errors == []
    assert result.total_rows == 3
    assert counts() == {"Neighbourhood": 2, "Block": 2, "Home": 2, "Resident": 3}
    assert result.summary["residents"] == {"added": 3, "updated": 0, "unchanged": 0}
    assert result.summary["homes"] == {"added": 2, "updated": 0, "unchanged": 0}

    piotr = Resident.objects.with_home().get(resident_reference="R-3")
    assert piotr.email == "piotr.nowak@example.org"
    assert piotr.home.postcode == "LS6 3CD"
    assert piotr.home.tenure == Tenure.LCHO
    assert (piotr.home.block.name, piotr.home.block.neighbourhood.name) == ("Beech Road", "Hillside")
    joint = Resident.objects.filter(tenancy_reference="T-1").values_list("resident_reference", "home__postcode")
    assert sorted(joint) == [("R-1", "LS6 2AB"), ("R-2", "LS6 2AB")]


def test_importing_the_same_file_again_changes_nothing(db):
    run(GOOD_FILE)
    before = snapshot()

    again = run(GOOD_FILE)

    assert again.status == RegisterImport.Status.DONE
    assert again.summary["residents"] == {"added": 0, "updated": 0, "unchanged": 3}
    assert again.summary["homes"] == {"added": 0, "updated": 0, "unchanged": 2}
    assert snapshot() == before, "not even updated_at may change"


def test_changed_row_is_updated_and_the_others_are_left_alone(db):
    run(GOOD_FILE)
    untouched = Resident.objects.get(resident_reference="R-3")
    changed_rows = [
        # Amina's phone and name change, and the address of the home she shares with Tunde.
        row(phone="0113 496 0000", last_name="Okafor-Hughes", address_line_1="Flat 1A Alder House"),
        GOOD_ROWS[1] | {"address_line_1": "Flat 1A Alder House"},
        GOOD_ROWS[2],
    ]

    result = run(csv_text(changed_rows))

    assert result.summary["residents"] == {"added": 0, "updated": 1, "unchanged": 2}
    assert result.summary["homes"] == {"added": 0, "updated": 1, "unchanged": 1}
    amina = Resident.objects.select_related("home").get(resident_reference="R-1")
    assert (amina.last_name, amina.phone) == ("Okafor-Hughes", "0113 496 0000")
    assert amina.home.address_line_1 == "Flat 1A Alder House"
    assert Resident.objects.get(resident_reference="R-3").updated_at == untouched.updated_at
    assert counts() == {"Neighbourhood": 2, "Block": 2, "Home": 2, "Resident": 3}


def test_resident_missing_from_a_later_file_is_kept(db):
    run(GOOD_FILE)
    result = run(csv_text(GOOD_ROWS[:1]))
    assert result.status == RegisterImport.Status.DONE
    assert Resident.objects.filter(resident_reference="R-3").exists()


def test_names_that_differ_only_in_case_are_one_place(db):
    run(GOOD_FILE)
    again = [
        row(resident_reference="R-4", property_reference="P-4", address_line_1="Flat 4", block="ALDER HOUSE"),
        row(resident_reference="R-5", property_reference="P-5", address_line_1="Flat 5", neighbourhood="millfield"),
        row(
            resident_reference="R-6",
            property_reference="P-6",
            address_line_1="1 New Road",
            block="New Road",
            neighbourhood="Eastgate",
        ),
        row(
            resident_reference="R-7",
            property_reference="P-7",
            address_line_1="2 New Road",
            block="new road",
            neighbourhood="EASTGATE",
        ),
    ]

    assert run(csv_text(again)).status == RegisterImport.Status.DONE

    assert sorted(Neighbourhood.objects.values_list("name", flat=True)) == ["Eastgate", "Hillside", "Millfield"]
    assert sorted(Block.objects.values_list("name", "neighbourhood__name")) == [
        ("Alder House", "Millfield"),
        ("Beech Road", "Hillside"),
        ("New Road", "Eastgate"),
    ]
    assert Resident.objects.filter(home__block__name="Alder House").count() == 4


def bad_file() -> str:
    """Line 2 would change Amina and line 10 would add a resident, but lines 3 to 9 each have a problem."""
    lines = csv_text(
        [
            row(phone="0113 496 9999"),  # 2: good, changes an existing resident
            row(resident_reference="R-4", last_name=""),  # 3: missing field
            row(resident_reference="R-5", postcode="NOT A POSTCODE"),  # 4
            row(resident_reference="R-6", tenure="freehold"),  # 5
            row(resident_reference="R-7", email="amina-at-example.org"),  # 6
            row(resident_reference="R-1", first_name="Again"),  # 7: same resident reference as line 2
            row(resident_reference="R-8", address_line_1="99 Other Street"),  # 8: P-1 has another address on line 2
        ]
    ).splitlines()
    too_many = ",".join([*row(resident_reference="R-9").values(), "an extra value"])  # 9
    last = csv_text([row(resident_reference="R-10", property_reference="P-10")]).splitlines()[1]  # 10: good, new
    return "\n".join([*lines, too_many, last]) + "\n"


EXPECTED_PROBLEMS = [
    (3, ["last_name is missing"]),
    (4, ["postcode 'NOT A POSTCODE' is not a UK postcode"]),
    (5, ["tenure 'freehold' must be LCRA (low-cost rental) or LCHO (low-cost home ownership)"]),
    (6, ["email 'amina-at-example.org' is not an email address"]),
    (7, ["Resident reference R-1 is already on line 2"]),
    (8, ["Property P-1 has a different address, tenure or block on line 2"]),
    (9, ["more values than there are columns"]),
]


def assert_every_problem_listed(errors: list[dict]) -> None:
    assert [e["line"] for e in errors] == [line for line, _ in EXPECTED_PROBLEMS], errors
    for error, (line, phrases) in zip(errors, EXPECTED_PROBLEMS, strict=True):
        for phrase in phrases:
            assert phrase.lower() in error["message"].lower(), (line, error["message"])


def test_file_with_bad_rows_is_rejected_whole_with_every_problem_by_line(db):
    run(GOOD_FILE)
    before = snapshot()

    result = run(bad_file())

    assert result.status == RegisterImport.Status.REJECTED
    assert result.total_rows == 9
    assert result.summary == {"error_count": 7}
    assert_every_problem_listed(result.errors)
    assert snapshot() == before, "a rejected file must not change or add anything, even from its good rows"
    assert not Resident.objects.filter(resident_reference="R-10").exists()


def test_problem_message_keeps_the_value_as_typed(db):
    result = run(csv_text([row(postcode="Ls6 xx")]))
    assert "'Ls6 xx'" in result.errors[0]["message"]
    assert "UK postcode" in result.errors[0]["message"]


def test_file_with_only_a_header_imports_nothing_and_says_so(db):
    result = run(csv_text([]))
    assert result.status == RegisterImport.Status.DONE
    assert result.total_rows == 0
    assert counts() == {"Neighbourhood": 0, "Block": 0, "Home": 0, "Resident": 0}


def test_example_file_imports_cleanly(db):
    result = run(register_import.example_csv())

    assert result.status == RegisterImport.Status.DONE, result.errors
    assert counts() == {"Neighbourhood": 2, "Block": 3, "Home": 4, "Resident": 5}
    assert run(register_import.example_csv()).summary["residents"]["unchanged"] == 5


def confirm(register: RegisterImport, *, clear_blanks: bool = False) -> RegisterImport:
    """What the confirmation form does, without queueing: the import waits for a worker to apply it."""
    register.refresh_from_db()
    assert register.status == RegisterImport.Status.CHECKED, register.status
    RegisterImport.objects.filter(pk=register.pk).update(
        status=RegisterImport.Status.APPLYING, clear_blanks=clear_blanks
    )
    return register


def test_claim_and_apply_import_runs_an_import_only_once(db):
    queued = RegisterImport.objects.create(filename="register.csv", content=GOOD_FILE)

    checked = register_import.claim_and_preview_import(queued.pk)
    assert register_import.claim_and_preview_import(queued.pk) is None, "a second delivery does not check again"
    confirm(queued)
    first = register_import.claim_and_apply_import(queued.pk)
    # Someone corrects a phone number after the import: a second delivery of the task must not undo it.
    Resident.objects.filter(resident_reference="R-1").update(phone="0113 000 0000")
    second = register_import.claim_and_apply_import(queued.pk)

    assert checked.status == RegisterImport.Status.CHECKED
    assert first is not None and first.status == RegisterImport.Status.DONE
    assert second is None
    queued.refresh_from_db()
    assert queued.summary["residents"]["added"] == 3
    assert queued.finished_at == first.finished_at
    assert Resident.objects.get(resident_reference="R-1").phone == "0113 000 0000"


@pytest.mark.django_db(transaction=True)
def test_import_being_run_by_another_worker_is_skipped_not_run_twice():
    queued = RegisterImport.objects.create(filename="register.csv", content=GOOD_FILE)
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        # Another worker has claimed the import and is still running it (its transaction holds the row).
        try:
            with transaction.atomic():
                RegisterImport.objects.select_for_update().get(pk=queued.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(timeout=30)
        assert register_import.claim_and_preview_import(queued.pk) is None
        assert RegisterImport.objects.get(pk=queued.pk).preview == {}
    finally:
        release.set()
        thread.join(timeout=30)

    # The other worker died before finishing (its transaction rolled back): the redelivered task runs it.
    assert register_import.claim_and_preview_import(queued.pk).status == RegisterImport.Status.CHECKED
    assert RegisterImport.objects.get(pk=queued.pk).preview["residents"]["added"] == 3


# The upload pages ----------------------------------------------------------------------------------------


@pytest.fixture
def celery_eager():
    """Run tasks in this process when queued (no worker, no broker), to see what a queued callback does."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def test_upload_queues_the_check_once_after_commit_and_imports_nothing(
    client_for, django_capture_on_commit_callbacks, celery_eager
):
    client = client_for("staff")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("residents:register_upload"), {"file": upload("register.csv", GOOD_FILE.encode())}
        )

    queued = RegisterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:import_detail", kwargs={"pk": queued.pk})
    assert (queued.status, queued.filename, queued.content) == ("queued", "register.csv", GOOD_FILE)
    assert queued.uploaded_by.email == "staff@example.org"
    assert len(callbacks) == 1, "exactly one task is queued, and only once the upload is committed"
    assert Resident.objects.count() == 0, "nothing is imported while the upload is being saved"

    callbacks[0]()  # the commit happens: the task runs (here, in this process)

    queued.refresh_from_db()
    assert queued.status == RegisterImport.Status.CHECKED
    assert queued.preview["residents"] == {"added": 3, "updated": 0, "updated_if_cleared": 0, "unchanged": 0}
    assert Resident.objects.count() == 0, "nothing is imported until staff confirm the preview"


def broker_messages(queue: str) -> list[dict]:
    redis = Redis.from_url(settings.REDIS_URL)  # redis-py reads both redis:// and unix://
    return [json.loads(raw) for raw in redis.lrange(queue, 0, -1)]


@pytest.mark.django_db(transaction=True)
def test_upload_puts_one_message_on_the_queue_when_committed(client_for):
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    redis = Redis.from_url(settings.REDIS_URL)
    redis.delete(queue)
    try:
        response = client_for("staff").post(
            reverse("residents:register_upload"), {"file": upload("register.csv", GOOD_FILE.encode())}
        )
        assert response.status_code == 302
        queued = RegisterImport.objects.get()

        messages = broker_messages(queue)
        assert len(messages) == 1
        assert messages[0]["headers"]["task"] == TASK
        args, _kwargs, _embed = json.loads(base64.b64decode(messages[0]["body"]))
        assert args == [queued.pk]
    finally:
        redis.delete(queue)


def field_error(html: str, field_id: str) -> str:
    """The error message shown under the field (crispy's invalid-feedback), or '' if there is none."""
    marker = f'id="error_1_{field_id}"'
    start = html.find(marker)
    if start == -1:
        return ""
    return html[start : html.find("</", html.find("<strong>", start) + 8)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param(
            "register.csv",
            b"ref,name,address\nR-1,Amina,Flat 1\n",
            "The first line must name the columns. Missing: resident_reference",
            id="wrong_header",
        ),
        pytest.param(
            "register.xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "This is not a CSV file", id="binary"
        ),
        pytest.param(
            "register.csv",
            GOOD_FILE.replace("Okafor", "Müller").encode("latin-1"),
            "This file is not saved as UTF-8 text",
            id="not_utf8",
        ),
    ],
)
def test_file_that_is_not_a_register_is_refused_at_upload_next_to_the_field(
    client_for, django_capture_on_commit_callbacks, name, content, message
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for("staff").post(reverse("residents:register_upload"), {"file": upload(name, content)})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in field_error(html, "id_file"), "the message belongs next to the file field"
    assert "There is a problem" in html, "and in the summary at the top"
    assert callbacks == []
    assert RegisterImport.objects.count() == 0


def test_rejected_import_page_lists_every_problem_by_line(client_for, staff):
    rejected = run(bad_file())

    response = client_for("staff").get(reverse("residents:import_detail", kwargs={"pk": rejected.pk}))

    text = unescape(response.content.decode())
    assert "Nothing was imported" in text
    assert "We found 7 problems in 9 rows" in text
    for line, phrases in EXPECTED_PROBLEMS:
        assert f"<td>{line}</td>" in text
        assert phrases[0].lower() in text.lower()


def test_finished_import_page_shows_what_was_added_and_updated(client_for, staff):
    run(GOOD_FILE)
    second = run(GOOD_FILE)

    response = client_for("staff").get(reverse("residents:import_detail", kwargs={"pk": second.pk}))

    text = response.content.decode()
    assert "Homes: 0 added, 0 updated, 2 unchanged." in text
    assert "Residents: 0 added, 0 updated, 3 unchanged." in text


def test_import_in_progress_shows_how_far_it_has_got(client_for, staff):
    running = RegisterImport.objects.create(filename="big.csv", content="", status=RegisterImport.Status.RUNNING)
    register_import.report_progress(running.pk, "checking", 25_000, 100_000)
    client = client_for("staff")

    page = client.get(reverse("residents:import_detail", kwargs={"pk": running.pk}))
    partial = client.get(reverse("residents:import_detail", kwargs={"pk": running.pk}), headers={"HX-Request": "true"})

    assert "Checking rows: 25,000 of about 100,000." in page.content.decode()
    assert 'hx-trigger="every 2s"' in page.content.decode(), "the page keeps itself up to date"
    assert "Checking rows: 25,000 of about 100,000." in partial.content.decode()
    assert "<html" not in partial.content.decode(), "htmx gets only the status, not a whole page"


def test_example_file_download_is_the_example_in_the_repository(client_for):
    response = client_for("staff").get(reverse("residents:register_example"))
    assert response["Content-Type"] == "text/csv"
    assert response.content.decode() == (PROJECT_ROOT / "residents/data/register_example.csv").read_text()


# The import_register command -----------------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "register.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_register_command_imports_a_file_and_prints_the_summary(db, tmp_path, capsys):
    call_command("import_register", str(write(tmp_path, GOOD_FILE)), "--apply")

    out = capsys.readouterr().out
    assert "3 rows checked" in out
    assert "Homes: 2 added, 0 updated, 0 unchanged." in out
    assert "Residents: 3 added, 0 updated, 0 unchanged." in out
    assert counts() == {"Neighbourhood": 2, "Block": 2, "Home": 2, "Resident": 3}
    recorded = RegisterImport.objects.get()
    assert (recorded.status, recorded.filename) == (RegisterImport.Status.DONE, "register.csv")


def test_import_register_command_run_twice_reports_nothing_added_or_updated(db, tmp_path, capsys):
    path = write(tmp_path, register_import.example_csv())
    call_command("import_register", str(path), "--apply")
    capsys.readouterr()

    call_command("import_register", str(path), "--apply")

    assert "Residents: 0 added, 0 updated, 5 unchanged." in capsys.readouterr().out


def test_import_register_command_lists_every_problem_by_line_and_fails(db, tmp_path, capsys):
    run(GOOD_FILE)
    before = snapshot()

    with pytest.raises(CommandError, match="Nothing was imported: 7 problems in 9 rows"):
        call_command("import_register", str(write(tmp_path, bad_file())))

    err = capsys.readouterr().err
    for line, phrases in EXPECTED_PROBLEMS:
        assert f"Line {line}: " in err
        assert phrases[0].lower() in err.lower()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "Cannot read", id="missing_file"),
        pytest.param(GOOD_FILE.replace("Okafor", "Müller").encode("latin-1"), "not saved as UTF-8", id="not_utf8"),
        pytest.param(b"\x00\x01\x02binary", "is not a CSV file", id="binary"),
    ],
)
def test_import_register_command_refuses_a_file_it_cannot_read(db, tmp_path, content, message):
    path = tmp_path / "register.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_register", str(path))
    assert RegisterImport.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_import_register_command_exits_non_zero_when_the_file_is_rejected(tmp_path):
    """What an operator's script sees: the exit status and the problems on stderr."""
    env = os.environ | {"DATABASE_URL": database_url(settings.DATABASES["default"]), "CONN_MAX_AGE": "0"}
    command = [sys.executable, "manage.py", "import_register", "--apply"]

    rejected = subprocess.run(
        [*command, str(write(tmp_path, bad_file()))], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    accepted = subprocess.run(
        [*command, str(write(tmp_path, GOOD_FILE, "good.csv"))],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert rejected.returncode != 0
    assert "Line 3: " in rejected.stderr and "Line 9: " in rejected.stderr
    assert "Nothing was imported" in rejected.stderr
    assert accepted.returncode == 0, accepted.stderr
    assert "Residents: 3 added" in accepted.stdout
    assert Resident.objects.count() == 3


def test_an_import_that_breaks_is_marked_failed_and_keeps_nothing(db, monkeypatch, staff):
    text = register_import.example_csv()
    upload = RegisterImport.objects.create(uploaded_by=staff, filename="register.csv", content=text)
    register_import.claim_and_preview_import(upload.pk)
    confirm(upload)
    write_plan = register_import.apply_plan

    def breaks_after_writing(*args, **kwargs):
        write_plan(*args, **kwargs)
        raise RuntimeError("the database connection was lost")

    monkeypatch.setattr(register_import, "apply_plan", breaks_after_writing)
    with pytest.raises(RuntimeError):
        register_import.claim_and_apply_import(upload.pk)
    upload.refresh_from_db()
    assert upload.status == RegisterImport.Status.FAILED
    assert (Home.objects.count(), Resident.objects.count()) == (0, 0)
    assert not RegisterChange.objects.exists()
    assert register_import.claim_and_apply_import(upload.pk) is None  # a redelivered task does not run it again
