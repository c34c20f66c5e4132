"""The volunteer register: residents accepted for a role, with their roles and hours, filtered, and as a CSV."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from residents.involvement import services
from tests.factories import ResidentFactory

from .involvement_fixtures import published


@pytest.fixture
def volunteers(own_interest, staff, resident):
    """The `resident` persona accepted on a panel role with 2 confirmed and 1 unconfirmed hours; another resident
    accepted as a walkabout volunteer; a third only interested (not on the register)."""
    services.accept_interest(interest=own_interest, actor=staff)
    amina = resident.resident
    confirmed = services.log_hours(resident=amina, on=timezone.localdate(), hours=Decimal("2"), description="Meeting")
    services.confirm_hours(entry=confirmed, actor=staff)
    services.log_hours(resident=amina, on=timezone.localdate(), hours=Decimal("1"), description="Reading")
    walkabout = published(title="Walkabout volunteer", kind="walkabout")
    walker = ResidentFactory(first_name="Zoe", last_name="Walker")
    services.accept_interest(
        interest=services.express_interest(
            resident=walker, opportunity=walkabout, availability="Any", support_needed=""
        ),
        actor=staff,
    )
    services.express_interest(
        resident=ResidentFactory(first_name="Only", last_name="Interested"),
        opportunity=walkabout,
        availability="Any",
        support_needed="",
    )
    return amina, walker


def names(response) -> list[str]:
    return [volunteer.full_name for volunteer in response.context["page"]]


def test_the_register_lists_accepted_volunteers_with_roles_and_hours(client_for, volunteers):
    response = client_for("staff").get(reverse("residents:involvement_register"))
    assert names(response) == ["Amina Okafor", "Zoe Walker"]
    amina = response.context["page"][0]
    assert (amina.roles, amina.confirmed_hours, amina.unconfirmed_hours) == (
        "Repairs scrutiny volunteer",
        Decimal("2"),
        Decimal("1"),
    )


def test_the_register_filters_by_kind_neighbourhood_and_hours_to_confirm(client_for, volunteers, neighbourhood):
    client = client_for("staff")
    url = reverse("residents:involvement_register")
    assert names(client.get(url, {"kind": "walkabout"})) == ["Zoe Walker"]
    assert names(client.get(url, {"neighbourhood": neighbourhood.pk})) == ["Amina Okafor"]
    assert names(client.get(url, {"unconfirmed": "on"})) == ["Amina Okafor"]


def test_the_register_csv_follows_the_filters(client_for, volunteers):
    response = client_for("staff").get(reverse("residents:involvement_register_csv"), {"kind": "panel_role"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Resident reference", "Name"]
    assert [row[1] for row in rows[1:]] == ["Amina Okafor"]
    assert rows[1][5:] == ["Repairs scrutiny volunteer", "2.00", "1.00"]
