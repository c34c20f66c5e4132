"""Staff find a resident by part of a name, a postcode, an email address or a reference."""

import re

import pytest
from django.urls import reverse

from residents import services
from residents.models import Resident

from ..factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(home):
    other_home = HomeFactory(postcode="BD1 4EF")
    return {
        "okafor": ResidentFactory(
            home=home,
            first_name="Amina",
            last_name="Okafor",
            email="amina@example.org",
            resident_reference="R-000111",
            tenancy_reference="T-555001",
        ),
        "hill": ResidentFactory(home=other_home, first_name="Ron", last_name="Churchill", email="ron@example.org"),
        "hilda": ResidentFactory(home=other_home, first_name="Hilda", last_name="Baker", email="hilda@example.org"),
    }


def listed(response) -> list[str]:
    """The names in the register table, in the order shown."""
    assert response.status_code == 200
    return re.findall(r'<tr><td><a href="/staff/register/\d+/">([^<]+)</a></td>', response.content.decode())


def names(client, q: str) -> list[str]:
    return listed(client.get(reverse("residents:register_list"), {"q": q}))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("hil", ["Hilda Baker"]),  # the start of a first or last name, any case
        ("CHURCH", ["Ron Churchill"]),
        ("ron church", ["Ron Churchill"]),  # every word must match the start of a name
        ("hill", []),  # not the middle of a name
        ("bd1 4ef", ["Hilda Baker", "Ron Churchill"]),  # a postcode, any spacing
        ("BD14EF", ["Hilda Baker", "Ron Churchill"]),
        ("r-000111", ["Amina Okafor"]),  # a resident reference
        ("T-555001", ["Amina Okafor"]),  # a tenancy reference
        ("AMINA@example.org", ["Amina Okafor"]),  # an email address
        ("nobody", []),
    ],
)
def test_staff_search_finds_the_right_residents(client_for, register, q, expected):
    assert names(client_for("staff"), q) == expected


def test_a_search_with_very_many_matches_asks_to_narrow_it(client_for, home, monkeypatch):
    monkeypatch.setattr("residents.views.register.MAX_MATCHES", 30)
    for n in range(31):
        ResidentFactory(home=home, first_name="Sam", last_name=f"Smith{n}")
    response = client_for("staff").get(reverse("residents:register_list"), {"q": "smith"})
    assert "More than 30 residents match" in response.content.decode()


def test_a_search_pages_through_its_matches_in_name_order_with_their_homes(client_for, home):
    surnames = [f"Smith{letter}" for letter in "ZYXWVUTSRQPONMLKJIHGFEDCBA"] + ["Smithers", "Smithson"]
    for surname in surnames:
        ResidentFactory(home=home, first_name="Sam", last_name=surname)
    client = client_for("staff")

    pages = [client.get(reverse("residents:register_list"), {"q": "smith", "page": n}) for n in (1, 2)]

    shown = [name.removeprefix("Sam ") for response in pages for name in listed(response)]
    assert shown == sorted(surnames, key=str.upper) and len(listed(pages[0])) == 25
    assert "28 residents." in pages[1].content.decode() and home.address in pages[1].content.decode()


def test_the_full_list_shows_a_whole_page_even_when_cached_totals_lag(client_for, home):
    client = client_for("staff")
    client.get(reverse("residents:register_list"))  # caches the totals with 0 residents
    Resident.objects.bulk_create(
        [
            Resident(
                home=home, resident_reference=f"B{n}", tenancy_reference=f"BT{n}", first_name="B", last_name=f"L{n}"
            )
            for n in range(5)
        ]
    )
    response = client.get(reverse("residents:register_list"))
    assert len(listed(response)) == 5
    services.forget_register_totals()
    response = client.get(reverse("residents:register_list"))
    assert "5 residents." in response.content.decode()


def test_a_resident_in_a_neighbourhood_added_since_the_totals_were_counted_shows_its_name(client_for, home):
    client = client_for("staff")
    client.get(reverse("residents:register_list"))  # caches the totals and the neighbourhoods they name
    new_area = NeighbourhoodFactory(name="Riverside Park")
    ResidentFactory(home=HomeFactory(block=BlockFactory(neighbourhood=new_area)), first_name="Zia", last_name="Zed")

    html = client.get(reverse("residents:register_list"), {"q": "zed"}).content.decode()

    assert re.search(r">Zia Zed</a></td><td>[^<]*</td><td>Riverside Park</td>", html)


def test_a_search_page_past_the_end_shows_the_last_page(client_for, home):
    for n in range(27):
        ResidentFactory(home=home, first_name="Sam", last_name=f"Smith{n:02d}")
    client = client_for("staff")

    for past in ("2", "9", "0", "last"):
        response = client.get(reverse("residents:register_list"), {"q": "smith", "page": past})
        expected = ["Sam Smith25", "Sam Smith26"] if past != "last" else [f"Sam Smith{n:02d}" for n in range(25)]
        assert listed(response) == expected, past
