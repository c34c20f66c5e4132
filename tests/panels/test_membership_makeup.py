"""A panel's make-up against the register: rounded, small groups hidden, under-represented groups marked, equality
fields counted as at the start of the month."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from panels.membership.selectors import panel_makeup
from residents.disclosure import FEWER_THAN

from .factories import PanelFactory
from .membership_data import add_members, add_residents, homes


def table(makeup, key):
    return next(t for t in makeup.tables if t.key == key)


def row(makeup, key, label):
    return next(r for r in table(makeup, key).rows if r.label == label)


def test_a_panel_from_one_neighbourhood_marks_the_others_under_represented(db):
    places = homes()  # two homes in each of three neighbourhoods
    add_residents(600, homes=places)  # the register: a third in each
    panel = PanelFactory()
    millbrook = [home for home in places if home.block.neighbourhood.name == "Millbrook"]
    add_members(panel, add_residents(20, homes=millbrook))

    makeup = panel_makeup(panel)

    mine = row(makeup, "neighbourhood", "Millbrook")
    assert (mine.members.count, mine.members.percent, mine.under_represented) == (20, 100.0, False)
    for other in ("Eastgate", "Harbour"):
        empty = row(makeup, "neighbourhood", other)
        assert empty.members.hidden == FEWER_THAN
        assert empty.register.percent is not None
        # A third of a panel of 20 would be about 6 or 7 people: fewer than 5 is too few.
        assert empty.under_represented


def test_small_groups_of_equality_data_are_never_shown(db):
    places = homes()
    panel = PanelFactory()
    women = add_residents(4, homes=places, equality=[{"sex": "female", "age_band": "35-44"}])
    men = add_residents(3, homes=places, equality=[{"sex": "male", "age_band": "35-44"}])
    add_members(panel, women + men)

    makeup = panel_makeup(panel)

    sex = table(makeup, "sex")
    assert all(not r.members.shown for r in sex.rows), "4 women and 3 men: both groups hidden"
    assert row(makeup, "age_band", "35 to 44").members.count == 5  # 7 rounded to 5
    assert sex.members_total.count == 5


def test_a_shown_group_well_below_its_register_share_is_marked(db):
    places = homes()
    young, old = {"age_band": "25-34"}, {"age_band": "65-74"}
    add_residents(100, homes=places, equality=[young, old])  # the register: half and half
    panel = PanelFactory()
    add_members(panel, add_residents(25, homes=places, equality=[young]))
    add_members(panel, add_residents(5, homes=places, equality=[old]))

    makeup = panel_makeup(panel)

    older = row(makeup, "age_band", "65 to 74")
    assert older.members.count == 5 and older.under_represented
    assert not row(makeup, "age_band", "25 to 34").under_represented


def test_equality_figures_count_the_members_of_the_first_of_the_month(db):
    places = homes()
    panel = PanelFactory()
    with time_machine.travel(datetime.datetime(2027, 3, 10, 12, tzinfo=datetime.UTC)):
        add_members(panel, add_residents(10, homes=places, equality=[{"ethnicity": "white"}]))
        joined_today = add_residents(5, homes=places, equality=[{"ethnicity": "asian"}])
        add_members(panel, joined_today, joined_days_ago=0)
        makeup = panel_makeup(panel)
        assert makeup.snapshot == datetime.date(2027, 3, 1)
        # Where they live counts today's 15 members; their ethnicity, the 10 there on 1 March.
        assert table(makeup, "neighbourhood").members_total.count == 15
        assert row(makeup, "ethnicity", "White").members.count == 10
        assert row(makeup, "ethnicity", "Asian or Asian British").members.hidden == FEWER_THAN
    with time_machine.travel(datetime.datetime(2027, 4, 2, 12, tzinfo=datetime.UTC)):
        assert row(panel_makeup(panel), "ethnicity", "Asian or Asian British").members.count == 5


def test_members_who_have_not_told_us_are_counted_apart(db):
    places = homes()
    panel = PanelFactory()
    add_members(panel, add_residents(10, homes=places, equality=[{"disability": "yes"}, None]))
    disability = table(panel_makeup(panel), "disability")
    assert disability.not_recorded.count == 5
    assert next(r for r in disability.rows if r.label == "Yes").members.count == 5


def test_the_make_up_page_shows_the_tables_and_marks(client_for, db):
    places = homes()
    add_residents(60, homes=places)
    panel = PanelFactory()
    add_members(panel, add_residents(20, homes=[places[0]]))
    page = client_for("staff").get(reverse("panels:panel_makeup", args=[panel.slug])).content.decode()
    assert "Under-represented" in page
    assert "fewer than 5" in page
    assert f"{timezone.localdate():%B}" in page
