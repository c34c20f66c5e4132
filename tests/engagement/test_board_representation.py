"""Who takes part compared with the register: counts rounded and small groups hidden (residents.disclosure), groups
under-represented marked, and the equality figures safe against differencing: no two filter choices, compared,
prove that someone in a group of fewer than 5 exists (engagement/board/representation.py)."""

from datetime import datetime
from itertools import product

import pytest

from engagement.board import representation as representation_module
from engagement.board import selectors
from engagement.board.representation import NEIGHBOURHOOD_TOO_CLOSE, WAIT_FOR_YEAR_END
from residents.disclosure import FEWER_THAN, NOT_SHOWN, SMALL_GROUP
from residents.models import AgeBand, Ethnicity, Feedback, FeedbackCategory, FeedbackKind, Resident, Tenure

from ..factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory
from .board_data import LONDON, at, board_url, filters_for, give_equality, rows_of

pytestmark = pytest.mark.django_db
ENDED_YEAR = "y2024"  # April 2024 to March 2025: ended by 16 February 2026
IN_THAT_YEAR = datetime(2024, 6, 3, 10, tzinfo=LONDON)


def residents_in(neighbourhood, count, *, tenure=Tenure.LCRA, **equality):
    block = BlockFactory(neighbourhood=neighbourhood)
    made = [ResidentFactory(home=HomeFactory(block=block, tenure=tenure)) for _ in range(count)]
    for resident in made:
        give_equality(resident, **equality)
    return made


def take_part(residents, at_time=IN_THAT_YEAR):
    Feedback.objects.bulk_create(
        Feedback(
            resident=r,
            kind=FeedbackKind.COMMENT,
            category=FeedbackCategory.OTHER,
            home=r.home,
            block=r.home.block,
            neighbourhood=r.home.block.neighbourhood,
            text="A comment.",
            created_at=at_time,
        )
        for r in residents
    )


def representation(key, neighbourhood=None):
    section = selectors.representation_section(filters_for(key, neighbourhood))
    return {t.slug: t for t in section.tables}, {w.label: w.detail for w in section.withheld}


@pytest.fixture
def town():
    """A: 12 white residents (8 take part), 10 Asian (2 take part), 5 Black (5 take part). B: 3 residents of
    mixed ethnicity, all taking part: the group an attacker wants to find by comparing B's complement."""
    a, b = NeighbourhoodFactory(name="Aldgate"), NeighbourhoodFactory(name="Bow")
    white = residents_in(a, 12, ethnicity=Ethnicity.WHITE, age_band=AgeBand.AGE_45)
    asian = residents_in(a, 10, ethnicity=Ethnicity.ASIAN, age_band=AgeBand.AGE_35)
    black = residents_in(a, 5, ethnicity=Ethnicity.BLACK, age_band=AgeBand.AGE_45)
    mixed = residents_in(b, 3, tenure=Tenure.LCHO, ethnicity=Ethnicity.MIXED, age_band=AgeBand.AGE_75)
    take_part(white[:8] + asian[:2] + black + mixed)
    return {"a": a, "b": b}


def test_equality_counts_are_rounded_small_groups_hidden_and_under_represented_groups_marked(town):
    with at(2026, 2, 16, 12):
        tables, withheld = representation(ENDED_YEAR)
    ethnicity = tables["representation-ethnicity"]

    # On the register, share, taking part, share
    rows = rows_of(ethnicity)
    assert rows["White"] == [10, 33.3, 10, 50.0]  # 12 and 8, rounded to 10 each; shares of the rounded totals
    assert rows["Asian or Asian British"] == [10, 33.3, FEWER_THAN, None]  # 2 take part
    assert rows["Mixed or multiple ethnic groups"] == [FEWER_THAN, None, FEWER_THAN, None]
    # On the register the mixed group (3) is the only small group holding anyone: the smallest other is hidden too.
    assert rows["Black, Black British, Caribbean or African"][:2] == [NOT_SHOWN, None]
    assert rows["Everyone"][0] == 30 and rows["Everyone"][2] == 20  # 30 and 18
    assert withheld == {}
    marked = {row.cells[0] for row in ethnicity.rows if row.highlight == "Under-represented"}
    assert marked == set()  # the only group taking part less (Asian) is hidden, so it cannot be marked
    age = rows_of(tables["representation-age_band"])
    assert age["35 to 44"] == [NOT_SHOWN, None, FEWER_THAN, None]  # the complement of 75 or over (3) on the register


def test_a_group_taking_part_less_than_four_fifths_of_its_share_is_marked_under_represented(town):
    a = town["a"]
    extra = residents_in(a, 10, ethnicity=Ethnicity.ASIAN)
    take_part(extra[:4])  # Asian: 20 on the register, 6 taking part (of 22)
    with at(2026, 2, 16, 12):
        tables, _ = representation(ENDED_YEAR)

    row = next(r for r in tables["representation-ethnicity"].rows if r.cells[0] == "Asian or Asian British")
    assert row.cells[1:] == [20, 50.0, 5, 25.0]  # shares of the rounded totals, 40 and 20
    assert row.highlight == "Under-represented"


def test_equality_figures_wait_for_a_whole_year_that_has_ended(town):
    with at(2026, 2, 16, 12):
        for key in ("12m", "y2025", "q2024-04"):
            tables, withheld = representation(key)
            assert "representation-ethnicity" not in tables, key
            assert withheld["Ethnicity"] == WAIT_FOR_YEAR_END
            assert "representation-tenure" in tables  # a fact of the register, shown for any period


def test_a_neighbourhood_whose_complement_holds_a_small_group_shows_no_equality_figures(town):
    with at(2026, 2, 16, 12):
        tables, withheld = representation(ENDED_YEAR, town["a"])

    # Everyone outside Aldgate is Bow's three residents of mixed ethnicity: all minus Aldgate would show them.
    assert "representation-ethnicity" not in tables
    assert withheld["Ethnicity"] == NEIGHBOURHOOD_TOO_CLOSE.format(small=SMALL_GROUP)
    assert "representation-tenure" in tables


def test_a_neighbourhood_whose_complement_has_no_small_group_shows_its_equality_figures(town):
    residents_in(town["b"], 2, tenure=Tenure.LCHO, ethnicity=Ethnicity.MIXED, age_band=AgeBand.AGE_75)
    take_part(Resident.objects.filter(home__block__neighbourhood=town["b"], feedback=None))
    with at(2026, 2, 16, 12):
        tables, withheld = representation(ENDED_YEAR, town["a"])

    assert withheld == {}
    # Aldgate alone: 27 on the register (25), 15 taking part; white 12 (10) and 8 (10)
    assert rows_of(tables["representation-ethnicity"])["White"] == [10, 40.0, 10, 66.7]


# The differencing attack -----------------------------------------------------------------------------------


def bounds(cell, total: int) -> tuple[int, int]:
    """The true counts a published cell allows."""
    if cell == FEWER_THAN:
        return 0, SMALL_GROUP - 1
    if cell == NOT_SHOWN:
        return 0, total
    return max(cell - 2, 0), cell + 2


def true_counts(field: str, *, outside=None) -> dict:
    """Residents outside a neighbourhood by their answer: on the register, and taking part in the ended year."""
    residents = Resident.objects.all()
    if outside is not None:
        residents = residents.exclude(home__block__neighbourhood=outside)
    counts = {}
    for resident in residents.select_related("equality"):
        value = getattr(getattr(resident, "equality", None), field, "") or ""
        register, taking_part = counts.get(value, (0, 0))
        took = Feedback.objects.filter(resident=resident, created_at__year__in=[2024, 2025]).exists()
        counts[value] = (register + 1, taking_part + took)
    return counts


def assert_no_pair_of_filters_proves_a_small_group(town):
    """Every pair (all neighbourhoods, one neighbourhood) in every period: for each equality table shown in both,
    subtracting the neighbourhood's figures from everyone's must not prove that the residents outside it include
    anyone in a group, unless that group outside holds at least 5 people."""
    fields = {"ethnicity": "Ethnicity", "age_band": "Age band"}
    labels = {"ethnicity": dict(Ethnicity.choices), "age_band": dict(AgeBand.choices)}
    checked = 0
    with at(2026, 2, 16, 12):
        for key, neighbourhood in product(["12m", "y2024", "y2025", "q2024-04"], [town["a"], town["b"]]):
            everyone, _ = representation(key)
            part, _ = representation(key, neighbourhood)
            for field in fields:
                slug = f"representation-{field}"
                if slug not in everyone or slug not in part:
                    continue
                outside = true_counts(field, outside=neighbourhood)
                whole, some = rows_of(everyone[slug]), rows_of(part[slug])
                total = Resident.objects.count()
                for value, label in [*labels[field].items(), ("", "Not recorded")]:
                    for column, side in ((0, 0), (2, 1)):  # on the register; taking part
                        low = bounds(whole[label][column], total)[0] - bounds(some[label][column], total)[1]
                        if low >= 1:
                            assert outside.get(value, (0, 0))[side] >= SMALL_GROUP, (key, neighbourhood, label)
                        checked += 1
    return checked


@pytest.fixture
def target(town):
    """Seven residents of mixed ethnicity in Aldgate and four in Bow, all taking part: everyone's table shows 10
    (11 rounded), Aldgate's 5 (7 rounded), so everyone minus Aldgate proves at least 8 - 7 = 1 in Bow, a group of
    4: the attack an analyst would try."""
    take_part(residents_in(town["a"], 7, ethnicity=Ethnicity.MIXED, age_band=AgeBand.AGE_25))
    take_part(residents_in(town["b"], 1, tenure=Tenure.LCHO, ethnicity=Ethnicity.MIXED, age_band=AgeBand.AGE_75))
    return town


def test_the_differencing_attack_finds_no_group_under_5(target):
    assert_no_pair_of_filters_proves_a_small_group(target)
    with at(2026, 2, 16, 12):
        everyone, _ = representation(ENDED_YEAR)
        aldgate, withheld = representation(ENDED_YEAR, target["a"])
    assert rows_of(everyone["representation-ethnicity"])["Mixed or multiple ethnic groups"][0] == 10
    assert "representation-ethnicity" not in aldgate
    assert withheld["Ethnicity"] == NEIGHBOURHOOD_TOO_CLOSE.format(small=SMALL_GROUP)


def test_without_the_neighbourhood_rule_the_attack_would_find_them(target, monkeypatch):
    """The attack has teeth: with rule 2 switched off, comparing everyone with Aldgate proves that someone in Bow is
    of mixed ethnicity."""
    monkeypatch.setattr(representation_module, "_has_small_group", lambda *counters: False)

    with pytest.raises(AssertionError):
        assert_no_pair_of_filters_proves_a_small_group(target)


def test_the_differencing_attack_finds_nothing_where_figures_are_shown_for_a_neighbourhood(town):
    """With six in Bow the tables for Aldgate are shown: comparing them with everyone's proves only groups of 5 or
    more outside Aldgate (and the test checks a real number of cells)."""
    residents_in(town["b"], 3, tenure=Tenure.LCHO, ethnicity=Ethnicity.MIXED, age_band=AgeBand.AGE_75)
    take_part(Resident.objects.filter(home__block__neighbourhood=town["b"], feedback=None))

    assert assert_no_pair_of_filters_proves_a_small_group(town) > 0


def test_the_page_says_why_equality_figures_are_not_shown(town, client_for):
    with at(2026, 2, 16, 12):
        response = client_for("board").get(board_url(period=ENDED_YEAR, neighbourhood=town["a"].pk))

    assert "Not shown for one neighbourhood" in response.content.decode()


def test_an_ended_years_figures_stay_as_first_counted_when_the_register_changes_later(town):
    """Once an ended year has been looked at, people moving in or out, and answers changing, do not move its
    comparison: the figures are frozen (engagement.board.frozen). A year still running counts the register live."""
    with at(2026, 2, 16, 12):
        before, _ = representation(ENDED_YEAR)
        running_before, _ = representation("y2025")
        reach_before = selectors.involvement_section(filters_for(ENDED_YEAR)).headlines
    residents_in(town["a"], 10, ethnicity=Ethnicity.WHITE, age_band=AgeBand.AGE_45)  # moved in since
    Resident.objects.filter(equality__ethnicity=Ethnicity.ASIAN, feedback=None).first().delete()  # moved out
    with at(2026, 2, 16, 12):
        after, _ = representation(ENDED_YEAR)
        aldgate, _ = representation(ENDED_YEAR, town["a"])
        running_after, _ = representation("y2025")
        reach_after = selectors.involvement_section(filters_for(ENDED_YEAR)).headlines

    assert reach_after == reach_before  # residents involved and households reached, of the register then
    assert [h.detail for h in reach_after] == ["of 30 on the register", "18 of 30 households"]
    for slug in before:
        assert rows_of(after[slug]) == rows_of(before[slug]), slug
    assert rows_of(after["representation-ethnicity"])["White"] == [10, 33.3, 10, 50.0]
    assert rows_of(aldgate["representation-tenure"])["Everyone"][0] == 25  # Aldgate's 27 then, not 36 now
    assert rows_of(running_before["representation-tenure"])["Everyone"][0] == 30
    assert rows_of(running_after["representation-tenure"])["Everyone"][0] == 40  # 39 now, counted live


def test_a_change_to_the_register_gives_it_a_new_version_so_cached_figures_are_recounted(town):
    with at(2026, 2, 16, 12):
        first, _ = representation("12m")
        again, _ = representation("12m")  # the register's side from the cache
    residents_in(town["b"], 3, tenure=Tenure.LCHO, ethnicity=Ethnicity.MIXED)  # saving them gives a new version
    with at(2026, 2, 16, 12):
        changed, _ = representation("12m")

    assert rows_of(first["representation-tenure"]) == rows_of(again["representation-tenure"])
    assert rows_of(first["representation-tenure"])["Everyone"][0] == 30
    assert rows_of(changed["representation-tenure"])["Everyone"][0] == 35  # 33
