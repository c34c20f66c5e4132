from io import StringIO

import pytest
from allauth.mfa.utils import is_mfa_enabled
from django.core.management import CommandError, call_command
from django.db import models
from django.test import override_settings
from django.urls import reverse

from residents.management.commands.seed_demo import DEMO_PASSWORD
from residents.models import Block, Home, Neighbourhood, Resident, Role, Tenure, User, is_valid_postcode

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    """pytest-django runs tests with DEBUG off; seed_demo is a development command."""
    settings.DEBUG = True


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Neighbourhood, Block, Home, Resident, User)}


def sign_in(client, email: str):
    return client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})


def test_demo_resident_signs_in_and_sees_their_home(client):
    seed()
    response = sign_in(client, "resident@demo.example")
    assert response.status_code == 302
    home = client.get("/my/")
    assert home.status_code == 200
    assert "Millfield" in home.content.decode()


@pytest.mark.parametrize("email", ["staff@demo.example", "board@demo.example"])
def test_demo_staff_and_board_sign_in_and_are_asked_to_set_up_two_factor(client, email):
    seed()
    assert sign_in(client, email).status_code == 302
    user = User.objects.get(email=email)
    assert not is_mfa_enabled(user)
    page = "/staff/" if user.role == Role.STAFF else "/board/"
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_demo_association_looks_like_a_housing_association():
    output = seed()
    assert "created 4 neighbourhoods" in output
    assert set(Neighbourhood.objects.values_list("name", flat=True)) == {
        "Millfield",
        "Hillside",
        "Riverside",
        "Oakwood",
    }
    homes = Home.objects.count()
    assert 200 <= homes <= 500
    assert Resident.objects.count() > homes  # some joint tenants
    lcho_share = Home.objects.filter(tenure=Tenure.LCHO).count() / homes
    assert 0.05 < lcho_share < 0.25
    assert all(is_valid_postcode(p) for p in Home.objects.values_list("postcode", flat=True))
    assert Resident.objects.values("tenancy_reference").distinct().count() < Resident.objects.count()
    resident = Resident.objects.get(resident_reference="R-000001")
    assert resident.user.email == "resident@demo.example"


def test_second_run_creates_nothing():
    seed()
    before = row_counts()
    output = seed()
    assert row_counts() == before
    assert "already present" in output


def test_refuses_without_debug():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert Resident.objects.count() == 0


def test_force_runs_without_debug():
    with override_settings(DEBUG=False):
        seed(force=True)
    assert Resident.objects.filter(resident_reference="R-000001").exists()


def test_scale_adds_that_many_residents_once():
    seed(scale=500)
    scale_residents = Resident.objects.filter(resident_reference__startswith="SR-")
    assert scale_residents.count() == 500
    assert Home.objects.filter(property_reference__startswith="SP-").count() < 500  # some joint tenancies
    before = row_counts()
    output = seed(scale=500)
    assert row_counts() == before
    assert "Scale data for 500 residents already present" in output
    assert User.objects.filter(email="resident@demo.example").count() == 1


def test_larger_scale_adds_only_the_difference():
    seed(scale=500)
    seed(scale=700)
    assert Resident.objects.filter(resident_reference__startswith="SR-").count() == 700


def test_a_rerun_keeps_changes_made_to_demo_rows_and_says_it_left_them():
    seed()
    resident = Resident.objects.get(resident_reference="R-000002")
    resident.phone, resident.last_name = "0113 496 0999", "Changed-Surname"
    resident.save(update_fields=["phone", "last_name"])
    home = Home.objects.get(property_reference="P-000001")
    home.tenure = Tenure.LCHO if home.tenure == Tenure.LCRA else Tenure.LCRA
    home.save(update_fields=["tenure"])
    Neighbourhood.objects.filter(name="Millfield").update(name="Millfield and Kirkstall")
    User.objects.filter(email="staff@demo.example").update(full_name="Jo Whitfield-Hart")
    before = row_counts()

    output = seed()

    assert row_counts() == before
    resident.refresh_from_db()
    assert (resident.phone, resident.last_name) == ("0113 496 0999", "Changed-Surname")
    assert Home.objects.get(property_reference="P-000001").tenure == home.tenure
    assert not Neighbourhood.objects.filter(name="Millfield").exists()
    assert User.objects.get(email="staff@demo.example").full_name == "Jo Whitfield-Hart"
    assert "Demo data already present: created nothing." in output
    residents = Resident.objects.filter(resident_reference__startswith="R-").count()
    homes = Home.objects.filter(property_reference__startswith="P-").count()
    # Millfield was renamed, so 3 of the 4 demo neighbourhoods are found by name.
    assert f"left as it was (changes kept): 3 neighbourhoods, 16 blocks, {homes} homes, {residents} residents" in output
    assert "and 3 logins" in output
    assert "Demo feedback: there is feedback already" in output
    assert "already present, left as it was" in output  # the demo survey


def test_a_rerun_adds_a_missing_resident_without_touching_their_changed_home():
    seed()
    joint = (
        Resident.objects.values("home_id").annotate(n=models.Count("id")).filter(n__gt=1).order_by("-home_id").first()
    )
    home = Home.objects.get(pk=joint["home_id"])
    removed = Resident.objects.filter(home=home).order_by("resident_reference").last()
    removed.delete()
    Home.objects.filter(pk=home.pk).update(address_line_1="Flat 1A, renumbered")

    output = seed()

    assert Resident.objects.filter(resident_reference=removed.resident_reference, home=home).exists()
    assert Home.objects.get(pk=home.pk).address_line_1 == "Flat 1A, renumbered"
    assert "Demo data: created 0 neighbourhoods, 0 blocks, 0 homes, 1 residents and 0 logins" in output
