"""Pages cost the same number of queries whatever the size of the register.

Each test measures a page with 10 residents, grows the register to 1,000 (with homes, blocks, neighbourhoods,
linked accounts, preferences, equality answers and earlier imports, so every table a page might touch grows
too), measures again, and checks both against the exact number: a change in either direction shows up here.
"""

import pytest
from django.urls import reverse

from residents.models import (
    Block,
    EqualityMonitoring,
    Home,
    Neighbourhood,
    Preferences,
    RegisterImport,
    Resident,
    Tenure,
    User,
)
from residents.people import services

from ..querycount import capture_queries, queries_for_get

SMALL = 10
LARGE = 1_000


def grow_register_to(total: int, *, uploaded_by) -> None:
    """Add residents (and everything around them) with bulk_create until the register holds `total`."""
    start = Resident.objects.count()
    count = total - start
    assert count > 0
    neighbourhoods = Neighbourhood.objects.bulk_create(
        [Neighbourhood(name=f"Area {start}-{i}") for i in range(max(1, count // 100))]
    )
    blocks = Block.objects.bulk_create(
        [Block(neighbourhood=n, name=f"Block {start}-{i}") for i, n in enumerate(neighbourhoods * 3)]
    )
    homes = Home.objects.bulk_create(
        [
            Home(
                property_reference=f"BULK-{start + i:06d}",
                block=blocks[i % len(blocks)],
                address_line_1=f"{i + 1} Bulk Street",
                town="Leeds",
                postcode="LS6 2AB",
                tenure=Tenure.LCHO if i % 4 == 0 else Tenure.LCRA,
            )
            for i in range(count)
        ]
    )
    users = User.objects.bulk_create([User(email=f"bulk{start + i}@example.org") for i in range(0, count, 3)])
    residents = Resident.objects.bulk_create(
        [
            Resident(
                resident_reference=f"BULK-R-{start + i:06d}",
                tenancy_reference=f"BULK-T-{start + i:06d}",
                home=home,
                first_name="Bulk",
                last_name=f"Resident {start + i:06d}",
                email=f"bulk-resident{start + i}@example.org",
                user=users[i // 3] if i % 3 == 0 else None,
            )
            for i, home in enumerate(homes)
        ]
    )
    Preferences.objects.bulk_create([Preferences(resident=r, contact_channels=["email"]) for r in residents])
    EqualityMonitoring.objects.bulk_create([EqualityMonitoring(resident=r, age_band="75+") for r in residents[::2]])
    RegisterImport.objects.bulk_create(
        [RegisterImport(uploaded_by=uploaded_by, filename=f"register-{start}-{i}.csv", content="") for i in range(5)]
    )
    assert Resident.objects.count() == total
    services.forget_register_totals()  # as an import does


def neighbourhood_url(get) -> str:
    return reverse("residents:register_list") + f"?neighbourhood={get('resident').resident.home.block.neighbourhood_id}"


def resident_detail_url(get) -> str:
    return reverse("residents:resident_detail", kwargs={"pk": get("resident").resident.pk})


PAGES = [
    # session, user, resident with home and preferences, recent feedback ("You said, we did" in their area is
    # cached with the public pages), the panels apps add (residents/homepanels.py): the neighbourhood's action plan
    pytest.param("resident", lambda get: reverse("residents:home"), 5, id="resident_home"),
    # Staff and board pages: whether two-factor authentication is on was looked up as they signed in and is
    # remembered in the session (residents/permissions.py), so it costs no query here.
    # session, user, the neighbourhoods to filter by, the page of residents with their homes (how many there are
    # comes from the cached register totals)
    pytest.param("staff", lambda get: reverse("residents:register_list"), 4, id="staff_register_list"),
    # session, user, the neighbourhoods, how many match (up to MAX_MATCHES) and the page of them (both from the
    # name indexes), the page's residents with their homes
    pytest.param("staff", lambda get: reverse("residents:register_list") + "?q=Bulk", 6, id="staff_register_search"),
    pytest.param("staff", neighbourhood_url, 6, id="staff_register_neighbourhood"),
    # session, user, recent imports, feedback to do (one aggregate); register totals are cached
    pytest.param("staff", lambda get: reverse("residents:staff_home"), 5, id="staff_home"),
    pytest.param("staff", resident_detail_url, 3, id="staff_resident_detail"),
    pytest.param("staff", lambda get: reverse("residents:register_upload"), 3, id="staff_register_upload"),
    # session, user, neighbourhoods, and the dashboard's aggregates (tests/engagement/test_board_query_counts.py)
    pytest.param("board", lambda get: reverse("board_home"), 25, id="board_home"),
]


@pytest.mark.parametrize(("persona", "url", "expected"), PAGES)
def test_page_costs_the_same_queries_with_10_and_1000_residents(
    request, client_for, resident, staff, persona, url, expected
):
    client = client_for(persona)
    url = url(request.getfixturevalue)
    grow_register_to(SMALL, uploaded_by=staff)
    small = queries_for_get(client, url)

    grow_register_to(LARGE, uploaded_by=staff)
    large = queries_for_get(client, url)

    assert small.count == large.count == expected, f"{small}\n\n{large}"


def test_register_totals_cost_three_queries_whatever_the_size(staff):
    """Staff and board pages read the totals from the cache; counting them afresh is three grouped queries."""
    grow_register_to(SMALL, uploaded_by=staff)
    with capture_queries("count_register, small") as small:
        small_totals = services.count_register()
    grow_register_to(LARGE, uploaded_by=staff)
    with capture_queries("count_register, large") as large:
        large_totals = services.count_register()
    assert small[0].count == large[0].count == 3, f"{small[0]}\n\n{large[0]}"
    assert (small_totals["residents"], large_totals["residents"]) == (SMALL, LARGE)
    assert large_totals["homes"] == sum(t["homes"] for t in large_totals["tenures"])
