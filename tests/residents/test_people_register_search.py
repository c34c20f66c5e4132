"""Staff find a resident by part of a name, a postcode, an email address or a reference."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from residents.models import Resident
from residents.people import services

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


@pytest.fixture
def register_at_size(register, home):
    """The register with 3,000 more residents (none of whose names the searches below match), analysed, so that
    PostgreSQL plans for a register of some size whatever statistics earlier tests left behind (ANALYZE writes a
    table's size in place, so a rolled-back seed_demo still leaves it): with a table it believes tiny, it may read
    the wrong index and filter."""
    Resident.objects.bulk_create(
        Resident(
            home=home,
            first_name=f"Quinn{n}",
            last_name=f"Zed{n}",
            resident_reference=f"RZ-{n:06d}",
            tenancy_reference=f"TZ-{n:06d}",
            email=f"zed{n}@example.org",
        )
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Resident._meta.db_table}")
    return register


def listed(response) -> list[str]:
    """The names in the register table, in the order shown."""
    assert response.status_code == 200
    return re.findall(r'<tr>\s*<td><a href="/staff/register/\d+/">([^<]+)</a></td>', response.content.decode())


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
    monkeypatch.setattr("residents.people.views.MAX_MATCHES", 30)
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

    assert re.search(r">Zia Zed</a></td>\s*<td>[^<]*</td>\s*<td>Riverside Park</td>", html)


def test_a_renamed_neighbourhood_shows_its_new_name_at_once(client_for, register):
    client = client_for("staff")
    client.get(reverse("residents:register_list"))  # counts the register totals, which name the neighbourhoods
    area = register["hill"].home.block.neighbourhood
    area.name = "Riverside Park"
    area.save(update_fields=["name"])

    html = client.get(reverse("residents:register_list")).content.decode()

    assert re.search(r">Ron Churchill</a></td>\s*<td>[^<]*</td>\s*<td>Riverside Park</td>", html)
    assert f'<option value="{area.pk}">Riverside Park</option>' in html


def test_a_search_page_past_the_end_shows_the_last_page(client_for, home):
    for n in range(27):
        ResidentFactory(home=home, first_name="Sam", last_name=f"Smith{n:02d}")
    client = client_for("staff")

    for past in ("2", "9", "0", "last"):
        response = client.get(reverse("residents:register_list"), {"q": "smith", "page": past})
        expected = ["Sam Smith25", "Sam Smith26"] if past != "last" else [f"Sam Smith{n:02d}" for n in range(25)]
        assert listed(response) == expected, past


def test_the_register_lists_names_alphabetically_whatever_their_case(client_for, home):
    people = [("Ana", "de Souza"), ("Bob", "Evans"), ("Cal", "Davies"), ("Dee", "van Dyke"), ("Eli", "Abbott")]
    for first, last in people:
        ResidentFactory(home=home, first_name=first, last_name=last)
    expected = ["Eli Abbott", "Cal Davies", "Ana de Souza", "Bob Evans", "Dee van Dyke"]
    client = client_for("staff")

    assert listed(client.get(reverse("residents:register_list"))) == expected
    assert names(client, "d") == ["Cal Davies", "Ana de Souza", "Dee van Dyke"]  # Dee and Dyke both start with D


def test_a_search_takes_percent_signs_and_underscores_literally(client_for, register):
    client = client_for("staff")
    assert names(client, "o_") == [] and names(client, "%") == [] and names(client, "_") == []
    assert names(client, "ok") == ["Amina Okafor"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("amina ok", ["Amina Okafor"]),  # the longer word finds the residents, the shorter narrows them
        ("ok amina", ["Amina Okafor"]),
        ("hilda hil", ["Hilda Baker"]),  # two words may match the same name
        ("hil baker", ["Hilda Baker"]),
        ("hil church", []),
    ],
)
def test_every_word_of_a_name_search_must_start_a_name(client_for, register, q, expected):
    assert names(client_for("staff"), q) == expected


def test_staff_narrow_the_register_to_a_neighbourhood_with_or_without_a_search(client_for, register):
    area = register["hill"].home.block.neighbourhood
    ResidentFactory(home=register["okafor"].home, first_name="Hal", last_name="Hilton")
    url = reverse("residents:register_list")
    client = client_for("staff")

    assert listed(client.get(url, {"neighbourhood": area.pk})) == ["Hilda Baker", "Ron Churchill"]
    assert listed(client.get(url, {"neighbourhood": area.pk, "q": "hil"})) == ["Hilda Baker"]
    assert listed(client.get(url, {"q": "hil"})) == ["Hilda Baker", "Hal Hilton"]
    mistyped = client.get(url, {"neighbourhood": "not a number"})
    assert len(listed(mistyped)) == 4  # the whole register, and what was wrong next to the field
    assert "Choose a neighbourhood from the list." in mistyped.content.decode()


@pytest.mark.parametrize(
    ("q", "indexes"),
    [
        ("Hill", {"resident_name_order", "resident_first_name_prefix"}),
        ("amina okafor", {"resident_name_order", "resident_first_name_prefix"}),
        ("amina@example.org", {"resident_email_upper"}),
        ("T-555001", {"resident_reference_upper", "resident_tenancy_upper"}),
    ],
)
def test_each_kind_of_search_can_read_its_index(register_at_size, q, indexes):
    """The search names its keys as the indexes do, or PostgreSQL could not use them (a handful of residents is
    read faster without an index, so sequential scans are ruled out here): both the matches the register pages
    through and the residents a survey's hand-picked list is chosen from."""
    for found in (Resident.objects.search_matches(q), Resident.objects.search(q).listed()):
        sql, params = found.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
        # An index read for a range of keys, not walked whole: its scan is followed by the condition on its keys.
        assert indexes <= set(re.findall(r"Scan (?:using|on) (\w+) .*\n\s+Index Cond:", plan)), plan
        assert "Seq Scan" not in plan, plan


def test_a_name_search_is_counted_and_paged_from_the_name_indexes_alone(register_at_size):
    sql, params = Resident.objects.search_matches("hil").query.sql_with_params()
    with connection.cursor() as cursor:
        # Whether PostgreSQL prefers a bitmap scan, or an index-only one, turns on the statistics other tests
        # leave behind (a seed_demo run analyses the tables); what matters is that each half can be read by a
        # range of its name index's keys.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    scans = re.findall(r"(Index Only Scan|Index Scan|Seq Scan) .*?(?:using|on) (\w+)", plan)
    assert [index for _kind, index in scans] == ["resident_name_order", "resident_first_name_prefix"], plan
    assert plan.count("Index Cond") == 2, plan
