"""A register import never erases data silently: the preview before anything is applied, the confirmation (and
the separate one for clearing values with blank cells), the audit of every change, and undoing an import."""

from html import unescape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from residents.dataexport import export_user_data
from residents.feedback.services import submit_feedback
from residents.models import Feedback, Home, RegisterChange, RegisterImport, Resident
from residents.people import register_import
from residents.people.services import register_changes

from ..factories import UserFactory
from ..querycount import queries_for_get
from .test_people_register_import import GOOD_FILE, GOOD_ROWS, csv_text, row, run, snapshot, write

# Amina's email and phone cells are left blank, her surname changes; the home of Piotr (R-3) loses its town.
BLANKS = csv_text(
    [
        row(email="", phone="", last_name="Okafor-Hughes"),
        GOOD_ROWS[1],
        GOOD_ROWS[2] | {"town": ""},
    ]
)


def uploaded(text: str, *, by=None) -> RegisterImport:
    return RegisterImport.objects.create(filename="register.csv", content=text, uploaded_by=by)


def previewed(text: str, *, by=None) -> RegisterImport:
    return register_import.preview_import(uploaded(text, by=by))


def apply(register: RegisterImport, *, clear_blanks: bool = False, user=None) -> RegisterImport:
    """Confirm as the page does, then run what the queued task runs."""
    register_changes.confirm_register_import(
        register_import=register, user=user, fingerprint=register.preview["fingerprint"], clear_blanks=clear_blanks
    )
    return register_import.claim_and_apply_import(register.pk)


def amina() -> Resident:
    return Resident.objects.select_related("home").get(resident_reference="R-1")


# The preview ----------------------------------------------------------------------------------------------


def test_preview_counts_what_the_file_would_change_and_writes_nothing(db):
    run(GOOD_FILE)
    before = snapshot()
    file = csv_text(
        [
            row(email="", phone="", last_name="Okafor-Hughes"),
            GOOD_ROWS[1],
            GOOD_ROWS[2] | {"town": ""},
            row(resident_reference="R-4", first_name="Grace", property_reference="P-4", address_line_1="Flat 4"),
        ]
    )

    checked = previewed(file)

    assert checked.status == RegisterImport.Status.CHECKED
    assert snapshot() == before, "checking a file writes nothing to the register"
    preview = checked.preview
    assert preview["residents"] == {"added": 1, "updated": 1, "updated_if_cleared": 1, "unchanged": 2}
    assert preview["homes"] == {"added": 1, "updated": 0, "updated_if_cleared": 1, "unchanged": 2}
    assert preview["cleared"] == {"email": 1, "phone": 1, "address_line_2": 0, "town": 1}
    assert preview["clear_total"] == 3
    sample = {item["reference"]: item for item in preview["sample"]}
    assert sample["R-4"]["kind"] == "new resident"
    assert {(c["field"], c["old"], c["new"], c["clears"]) for c in sample["R-1"]["changes"]} == {
        ("Last name", "Okafor", "Okafor-Hughes", False),
        ("Email", "amina@example.org", "", True),
        ("Phone", "07700 900001", "", True),
    }
    assert sample["P-2"]["changes"] == [{"field": "Town", "old": "Leeds", "new": "", "clears": True}]
    assert preview["more"] == 0


def test_preview_lists_a_bounded_sample_and_says_how_many_more(db):
    rows = [
        row(resident_reference=f"R-{n}", property_reference=f"P-{n}", address_line_1=f"{n} Road") for n in range(80)
    ]
    checked = previewed(csv_text(rows))
    assert len(checked.preview["sample"]) == register_import.SAMPLE_SIZE == 50
    assert checked.preview["more"] == 30


def test_bad_file_is_still_rejected_with_every_problem_and_no_preview(db):
    from .test_people_register_import import assert_every_problem_listed, bad_file

    checked = previewed(bad_file())
    assert checked.status == RegisterImport.Status.REJECTED
    assert checked.preview == {}
    assert_every_problem_listed(checked.errors)


# Applying: blanks, exactly as previewed ------------------------------------------------------------------


def test_blank_cells_keep_the_registers_contact_details_unless_clearing_is_confirmed(db):
    run(GOOD_FILE)

    done = apply(previewed(BLANKS))

    assert done.status == RegisterImport.Status.DONE
    entry = amina()
    assert (entry.email, entry.phone) == ("amina@example.org", "07700 900001"), "blank cells erased nothing"
    assert entry.last_name == "Okafor-Hughes", "the other changes on the row are made"
    assert Home.objects.get(property_reference="P-2").town == "Leeds"
    assert done.summary["cleared"] == {"email": 0, "phone": 0, "address_line_2": 0, "town": 0}
    assert done.summary["residents"] == {"added": 0, "updated": 1, "unchanged": 2}
    assert done.summary["homes"] == {"added": 0, "updated": 0, "unchanged": 2}


def test_blank_cells_clear_values_when_that_is_confirmed(db, staff):
    run(GOOD_FILE)

    done = apply(previewed(BLANKS), clear_blanks=True, user=staff)

    entry = amina()
    assert (entry.email, entry.phone, entry.last_name) == ("", "", "Okafor-Hughes")
    assert Home.objects.get(property_reference="P-2").town == ""
    assert done.summary["cleared"] == {"email": 1, "phone": 1, "address_line_2": 0, "town": 1}
    assert done.summary["homes"] == {"added": 0, "updated": 1, "unchanged": 1}


def test_register_changed_after_the_preview_is_not_applied_and_is_previewed_again(db, staff):
    run(GOOD_FILE)
    checked = previewed(BLANKS)
    # Someone corrects Amina's phone number between the preview and the confirmation.
    Resident.objects.filter(resident_reference="R-1").update(phone="0113 496 0000")
    before = snapshot()

    result = apply(checked, clear_blanks=True, user=staff)

    assert result.status == RegisterImport.Status.CHECKED, "it waits to be confirmed again"
    assert result.preview["stale"] is True
    assert result.preview["fingerprint"] != checked.preview["fingerprint"]
    assert {c["old"] for c in result.preview["sample"][0]["changes"]} >= {"0113 496 0000"}
    assert snapshot() == before, "nothing of the old preview was applied"
    assert not RegisterChange.objects.filter(register_import=checked).exists()


def test_confirming_an_outdated_preview_is_refused(db, staff):
    checked = previewed(GOOD_FILE)
    with pytest.raises(register_changes.ImportNotWaiting):
        register_changes.confirm_register_import(
            register_import=checked, user=staff, fingerprint="not-what-was-shown", clear_blanks=False
        )
    checked.refresh_from_db()
    assert checked.status == RegisterImport.Status.CHECKED


# The audit trail ----------------------------------------------------------------------------------------


def test_each_change_to_a_resident_is_recorded_with_old_and_new_value_when_and_by_whom(db, staff):
    first = run(GOOD_FILE)
    second = apply(previewed(BLANKS), clear_blanks=True, user=staff)

    created = RegisterChange.objects.filter(register_import=first)
    assert sorted(created.values_list("resident__resident_reference", "field")) == [
        ("R-1", "created"),
        ("R-2", "created"),
        ("R-3", "created"),
    ]
    changes = RegisterChange.objects.filter(register_import=second)
    assert sorted(changes.values_list("resident__resident_reference", "field", "old_value", "new_value")) == [
        ("R-1", "email", "amina@example.org", ""),
        ("R-1", "last_name", "Okafor", "Okafor-Hughes"),
        ("R-1", "phone", "07700 900001", ""),
        ("R-3", "town", "Leeds", ""),
    ]
    assert {c.changed_by for c in changes} == {staff}
    assert all(c.changed_at == changes[0].changed_at for c in changes)


def test_audit_rows_are_in_the_residents_data_export_and_go_with_the_resident(db, staff):
    run(GOOD_FILE)
    apply(previewed(BLANKS), clear_blanks=True, user=staff)
    user = UserFactory(email="amina@example.org")
    Resident.objects.filter(resident_reference="R-1").update(user=user)
    user.refresh_from_db()

    exported = export_user_data(user)["register_changes"]

    assert {(c["field"], c["old_value"], c["new_value"]) for c in exported} >= {
        ("Email", "amina@example.org", ""),
        ("Phone", "07700 900001", ""),
    }
    assert "Tunde" not in str(exported)
    Resident.objects.filter(resident_reference="R-1").delete()
    assert not RegisterChange.objects.filter(resident__resident_reference="R-1").exists()
    assert RegisterChange.objects.filter(field="town").count() == 1, "other residents' rows stay"


# Undo --------------------------------------------------------------------------------------------------


def test_undo_puts_back_old_values_but_not_ones_changed_since(db, staff):
    run(GOOD_FILE)
    done = apply(previewed(BLANKS), clear_blanks=True, user=staff)
    # After the import, staff type a new email for Amina: undoing must not lose it.
    Resident.objects.filter(resident_reference="R-1").update(email="amina.new@example.org")

    report = register_changes.undo_register_import(register_import=done, user=staff)

    entry = amina()
    assert (entry.last_name, entry.phone) == ("Okafor", "07700 900001"), "put back"
    assert entry.email == "amina.new@example.org", "changed since: left as it is"
    assert Home.objects.get(property_reference="P-2").town == "Leeds"
    assert report["restored"] == 3
    assert report["refused_count"] == 1
    assert report["refused"] == [
        {
            "reference": "R-1",
            "name": "Amina Okafor",
            "field": "Email",
            "import_value": "",
            "now_value": "amina.new@example.org",
        }
    ]
    done.refresh_from_db()
    assert (done.status, done.undone_by) == (RegisterImport.Status.UNDONE, staff)
    with pytest.raises(register_changes.CannotUndo):
        register_changes.undo_register_import(register_import=done, user=staff)


def test_undo_removes_new_residents_nothing_refers_to_and_lists_the_others(db, staff):
    done = run(GOOD_FILE)
    # Piotr signed up to the portal and Tunde has sent feedback since: both are kept.
    Resident.objects.filter(resident_reference="R-3").update(user=UserFactory(email="piotr@example.org"))
    submit_feedback(
        resident=Resident.objects.get(resident_reference="R-2"),
        logged_by=staff,
        channel="phone",
        kind="comment",
        category="grounds",
        scope="block",
        text="The grass needs cutting.",
    )

    report = register_changes.undo_register_import(register_import=done, user=staff)

    assert sorted(Resident.objects.values_list("resident_reference", flat=True)) == ["R-2", "R-3"]
    assert report["removed_new"] == 1
    assert report["kept_new_count"] == 2
    assert sorted(item["reference"] for item in report["kept_new"]) == ["R-2", "R-3"]
    assert Feedback.objects.count() == 1
    assert Home.objects.count() == 2, "homes the import added are kept"


def test_undo_keeps_a_new_resident_whose_entry_was_edited_since(db, staff):
    done = run(GOOD_FILE)
    entry = amina()
    entry.phone = "0113 496 0000"
    entry.save(update_fields=["phone", "updated_at"])

    report = register_changes.undo_register_import(register_import=done, user=staff)

    assert list(Resident.objects.values_list("resident_reference", "phone")) == [("R-1", "0113 496 0000")]
    assert (report["removed_new"], report["kept_new"]) == (2, [{"reference": "R-1", "name": "Amina Okafor"}])


# The pages ---------------------------------------------------------------------------------------------


def page(client, name: str, register: RegisterImport, **kwargs):
    return client.get(reverse(f"residents:{name}", kwargs={"pk": register.pk}), **kwargs)


def test_preview_page_shows_counts_values_cleared_by_column_and_the_residents_affected(client_for, staff):
    run(GOOD_FILE)
    checked = previewed(BLANKS)

    text = unescape(page(client_for("staff"), "import_detail", checked).content.decode())

    assert "Checked: nothing has been imported yet" in text
    assert "What this file would change" in text
    assert '<tr><th scope="row">Email</th><td>1</td></tr>' in text
    assert '<tr><th scope="row">Town</th><td>1</td></tr>' in text
    assert "Amina Okafor" in text and "Email: amina@example.org to (blank)" in text
    assert "Also clear 3 values where the file has a blank cell" in text
    assert "I have checked these changes and want to make them" in text
    assert "csrfmiddlewaretoken" in text


def test_confirming_without_the_tick_applies_nothing_and_says_why(client_for, django_capture_on_commit_callbacks):
    run(GOOD_FILE)
    checked = previewed(BLANKS)
    url = reverse("residents:import_apply", kwargs={"pk": checked.pk})

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for("staff").post(url, {"fingerprint": checked.preview["fingerprint"], "clear_blanks": "on"})

    assert response.status_code == 200
    text = unescape(response.content.decode())
    assert "There is a problem" in text
    assert "Tick the box to confirm you have checked the changes." in text
    assert 'id="id_clear_blanks" checked' in text, "the tick given is kept"
    assert callbacks == []
    checked.refresh_from_db()
    assert checked.status == RegisterImport.Status.CHECKED
    assert amina().email == "amina@example.org"


@pytest.mark.parametrize(("tick_clear", "email"), [(False, "amina@example.org"), (True, "")])
def test_confirming_applies_in_the_background_clearing_only_when_ticked(
    client_for, staff, django_capture_on_commit_callbacks, monkeypatch, tick_clear, email
):
    run(GOOD_FILE)
    checked = previewed(BLANKS)
    queued = []
    monkeypatch.setattr("residents.people.services.register_changes.apply_register_import.delay", queued.append)
    data = {"confirm": "on", "fingerprint": checked.preview["fingerprint"]} | (
        {"clear_blanks": "on"} if tick_clear else {}
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff").post(reverse("residents:import_apply", kwargs={"pk": checked.pk}), data)

    assert response.status_code == 302
    assert queued == [checked.pk], "the apply task is queued once, after commit"
    checked.refresh_from_db()
    assert (checked.status, checked.confirmed_by, checked.clear_blanks) == ("applying", staff, tick_clear)
    register_import.claim_and_apply_import(checked.pk)
    assert amina().email == email


def test_confirming_a_preview_that_was_worked_out_again_asks_to_check_again(client_for):
    checked = previewed(GOOD_FILE)
    response = client_for("staff").post(
        reverse("residents:import_apply", kwargs={"pk": checked.pk}),
        {"confirm": "on", "fingerprint": "an older preview"},
        follow=True,
    )
    assert "worked out again since you opened the page" in response.content.decode()
    assert Resident.objects.count() == 0


def test_changes_page_lists_an_imports_changes_paged_in_a_fixed_number_of_queries(client_for, staff):
    client = client_for("staff")
    small = run(GOOD_FILE)
    rows = [
        row(resident_reference=f"N-{n}", property_reference=f"Q-{n}", address_line_1=f"{n} Road") for n in range(120)
    ]
    large = run(csv_text(rows))
    changes_url = "residents:import_changes"

    small_cost = queries_for_get(client, reverse(changes_url, kwargs={"pk": small.pk}))
    large_cost = queries_for_get(client, reverse(changes_url, kwargs={"pk": large.pk}) + "?page=2")

    assert small_cost.count == large_cost.count == 5, (small_cost, large_cost)
    assert "Amina Okafor" in page(client, "import_changes", small).content.decode()
    text = client.get(reverse(changes_url, kwargs={"pk": large.pk}), {"page": 2}).content.decode()
    assert "120 changes to residents" in text
    assert "Page 2 of 3" in text
    assert text.count("<td>New resident</td>") == 50


def test_undo_button_puts_the_import_back_and_reports_it(client_for, staff):
    run(GOOD_FILE)
    done = apply(previewed(BLANKS), clear_blanks=True, user=staff)
    client = client_for("staff")
    assert "Undo this import" in page(client, "import_detail", done).content.decode()

    response = client.post(reverse("residents:import_undo", kwargs={"pk": done.pk}), follow=True)

    text = unescape(response.content.decode())
    assert "What undoing put back" in text
    assert "4 values put back as they were before the import." in text
    assert amina().email == "amina@example.org"
    again = client.post(reverse("residents:import_undo", kwargs={"pk": done.pk}), follow=True)
    assert "Only an import that was applied, and not undone yet, can be undone." in again.content.decode()


# The import_register command ---------------------------------------------------------------------------


def test_import_register_command_without_apply_prints_the_preview_and_imports_nothing(db, tmp_path, capsys):
    run(GOOD_FILE)
    before = snapshot()

    call_command("import_register", str(write(tmp_path, BLANKS)))

    out = capsys.readouterr().out
    assert "Residents: 0 new, 1 updated, 2 unchanged." in out
    assert "Blank cells would clear 3 values on the register (Email: 1, Phone: 1, Town: 1)" in out
    assert "R-1 Amina Okafor: Email: amina@example.org to (blank) (clears it, only with --clear-blanks)" in out
    assert "Nothing was imported. Run the command again with --apply" in out
    assert snapshot() == before
    assert RegisterImport.objects.latest("created_at").status == RegisterImport.Status.CHECKED


@pytest.mark.parametrize(("flags", "email"), [(["--apply"], "amina@example.org"), (["--apply", "--clear-blanks"], "")])
def test_import_register_command_clears_values_only_with_clear_blanks(db, tmp_path, capsys, flags, email):
    run(GOOD_FILE)
    call_command("import_register", str(write(tmp_path, BLANKS)), *flags)
    assert amina().email == email
    assert amina().last_name == "Okafor-Hughes"


def test_import_register_command_refuses_clear_blanks_without_apply(db, tmp_path):
    with pytest.raises(CommandError, match="--clear-blanks only makes sense with --apply"):
        call_command("import_register", str(write(tmp_path, BLANKS)), "--clear-blanks")


def test_preview_page_costs_the_same_queries_for_a_small_and_a_large_file(client_for, staff):
    client = client_for("staff")
    small = previewed(GOOD_FILE)
    rows = [
        row(resident_reference=f"N-{n}", property_reference=f"Q-{n}", address_line_1=f"{n} Road") for n in range(300)
    ]
    large = previewed(csv_text(rows))

    small_cost = queries_for_get(client, reverse("residents:import_detail", kwargs={"pk": small.pk}))
    large_cost = queries_for_get(client, reverse("residents:import_detail", kwargs={"pk": large.pk}))

    assert small_cost.count == large_cost.count, (small_cost, large_cost)
    assert "And 250 more." in client.get(reverse("residents:import_detail", kwargs={"pk": large.pk})).content.decode()


@pytest.mark.parametrize("name", ["import_apply", "import_undo"])
def test_confirming_or_undoing_without_the_csrf_token_is_refused(client_for, staff, name):
    done = run(GOOD_FILE)
    checked = previewed(BLANKS)
    register = checked if name == "import_apply" else done
    client = client_for("staff")
    client.handler.enforce_csrf_checks = True

    response = client.post(
        reverse(f"residents:{name}", kwargs={"pk": register.pk}),
        {"confirm": "on", "fingerprint": checked.preview["fingerprint"]},
    )

    assert response.status_code == 403
    assert list(RegisterImport.objects.order_by("pk").values_list("status", flat=True)) == ["done", "checked"]
