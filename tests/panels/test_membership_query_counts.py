"""Every membership page costs the same queries with 5 and 500 members (and applications, and terms ending)."""

import pytest
from django.urls import reverse

from ..querycount import queries_for_get
from .factories import PanelFactory
from .membership_data import add_applications, add_members, add_residents, homes

EQUALITY = [
    {"age_band": "25-34", "sex": "female", "ethnicity": "white", "disability": "no"},
    {"age_band": "65-74", "sex": "male", "ethnicity": "black", "disability": "yes"},
    None,
]


def grow(panel, count, places):
    members = add_residents(count, homes=places, equality=EQUALITY)
    add_members(panel, members)
    add_applications(panel, add_residents(count, homes=places))


def costs(client, url, panel, places):
    grow(panel, 5, places)
    small = queries_for_get(client, url)
    grow(panel, 495, places)
    large = queries_for_get(client, url)
    assert small.count == large.count, f"{small}\n\n{large}"
    return small.count


@pytest.fixture
def places(db):
    return homes()


@pytest.mark.parametrize("persona", ["anonymous", "resident", "staff"])
def test_panel_page_costs_the_same_with_5_and_500_members(client_for, persona, places):
    panel = PanelFactory()
    count = costs(client_for(persona), reverse("panels:panel_detail", args=[panel.slug]), panel, places)
    # anonymous: the panel and its named members; signed in adds session and user; a resident, their own
    # application and whether they have panels (remembered in the session after); staff, nothing more (the
    # two-factor check is remembered in the session).
    assert count == {"anonymous": 2, "resident": 5, "staff": 4}[persona]


def test_panel_list_costs_the_same_with_5_and_500_members(client, places):
    panel = PanelFactory()
    assert costs(client, reverse("panels:panel_list"), panel, places) == 1


@pytest.mark.parametrize(
    ("name", "query", "expected"),
    [
        # Session and user, then the page's own: the panel, its counts, the page's count and rows.
        ("panels:staff_panel", "", 6),
        ("panels:staff_panel", "?show=applications", 6),
        ("panels:staff_panel", "?show=past", 5),  # nobody in the past list: no page of rows to read
        ("panels:staff_panel_list", "", 3),  # the panels with their counts, in one query
        ("panels:terms_ending", "", 4),
        ("panels:panel_makeup", "", 6),  # the panel, the neighbourhoods, one aggregate each for panel and register
    ],
)
def test_staff_pages_cost_the_same_with_5_and_500_members(client_for, places, name, query, expected):
    panel = PanelFactory()
    args = [] if name in ("panels:staff_panel_list", "panels:terms_ending") else [panel.slug]
    url = reverse(name, args=args) + query
    assert costs(client_for("staff"), url, panel, places) == expected


def test_membership_page_costs_the_same_with_5_and_500_members(client_for, places, own_application):
    url = reverse("panels:membership_detail", args=[own_application.panel.slug, own_application.pk])
    assert costs(client_for("staff"), url, own_application.panel, places) == 3


def test_my_panels_costs_the_same_with_few_and_many_panels(client_for, resident, places):
    client = client_for("resident")
    url = reverse("panels:my_panels")
    add_members(PanelFactory(), [resident.resident])
    small = queries_for_get(client, url)
    for _ in range(20):
        add_members(PanelFactory(), [resident.resident])
    large = queries_for_get(client, url)
    assert small.count == large.count == 4, f"{small}\n\n{large}"
