"""Disclosure control of equality figures: rounding, small groups and their complement, and the attacks by
differencing (over time, and across two overlapping filters) that suppression alone does not stop."""

import pytest

from residents.disclosure import (
    FEWER_THAN,
    NOT_SHOWN,
    Figure,
    hidden_groups,
    publish_breakdown,
    publish_counts,
    rounded,
)

ANSWERS = ["satisfied", "neither", "dissatisfied", "dont_know"]


def candidates(shown: int) -> range:
    """Every true count that is published as `shown`."""
    return range(max(shown - 2, 0), shown + 3)


def differences(shown_whole: int, shown_part: int) -> set[int]:
    """What someone who subtracts a part's published count from the whole's can tell about the rest."""
    return {whole - part for whole in candidates(shown_whole) for part in candidates(shown_part) if whole >= part}


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, 0), (2, 0), (3, 5), (5, 5), (7, 5), (8, 10), (12, 10)])
def test_counts_are_rounded_to_the_nearest_five(count, shown):
    assert rounded(count) == shown


@pytest.mark.parametrize(
    ("sizes", "hidden"),
    [
        ({"a": 5, "b": 9, "c": 12}, {}),
        ({"a": 4, "b": 9, "c": 12}, {"a": FEWER_THAN, "b": NOT_SHOWN}),
        ({"a": 4, "b": 1, "c": 12}, {"a": FEWER_THAN, "b": FEWER_THAN}),  # two hidden holding 5: no third
        ({"a": 1, "b": 0, "c": 9, "d": 30}, {"a": FEWER_THAN, "b": FEWER_THAN, "c": NOT_SHOWN}),  # b holds nobody
        ({"a": 1, "b": 2, "c": 30, "d": 40}, {"a": FEWER_THAN, "b": FEWER_THAN, "c": NOT_SHOWN}),  # 3 is too few
        ({"a": 0, "b": 0, "c": 30}, {"a": FEWER_THAN, "b": FEWER_THAN}),  # empty groups hide nobody
    ],
)
def test_small_groups_are_hidden_with_enough_others_that_subtraction_finds_no_one(sizes, hidden):
    assert hidden_groups(sizes) == hidden


def test_a_hidden_group_hides_all_its_answers_and_shown_ones_are_rounded_with_percentages_from_what_is_shown():
    published = publish_breakdown(
        sizes={"white": 23, "black": 9, "asian": 3},
        counts={
            ("white", "satisfied"): 14,
            ("white", "neither"): 6,
            ("white", "dont_know"): 3,
            ("asian", "neither"): 3,
        },
        answers=ANSWERS,
        outside_base={"dont_know"},
    )
    assert published.groups == {
        "white": Figure(25),
        "black": Figure(None, hidden=NOT_SHOWN),
        "asian": Figure(None, hidden=FEWER_THAN),
    }
    # Shown: 15 satisfied and 5 neither, a base of 20 (don't know is outside it): 75% and 25%, as a reader
    # of the rounded numbers would work out, not 14/20 = 70% from the true ones.
    assert published.answers[("white", "satisfied")] == Figure(15, 75.0)
    assert published.answers[("white", "neither")] == Figure(5, 25.0)
    assert published.answers[("white", "dont_know")] == Figure(5, None)
    assert all(published.answers[("asian", answer)].hidden == FEWER_THAN for answer in ANSWERS)
    assert published.total == Figure(35)


def test_pick_many_percentages_are_of_the_groups_published_people():
    published = publish_breakdown(
        sizes={"yes": 19},
        counts={("yes", "repairs"): 19, ("yes", "parking"): 6},
        answers=["repairs", "parking"],
        pick_many=True,
    )
    assert published.answers[("yes", "repairs")] == Figure(20, 100.0)
    assert published.answers[("yes", "parking")] == Figure(5, 25.0)


def test_a_total_under_five_is_hidden_and_group_shares_are_of_the_rounded_total():
    assert publish_counts({"a": 2, "b": 1}).total == Figure(None, hidden=FEWER_THAN)
    published = publish_counts({"white": 31, "black": 12, "mixed": 0})
    assert published.total == Figure(45)
    assert published.groups["white"] == Figure(30, 66.7)
    assert published.groups["black"] == Figure(10, 22.2)
    assert published.groups["mixed"] == Figure(None, hidden=FEWER_THAN)


def test_one_known_answer_added_changes_nothing_that_is_published():
    """Staff typed in a known resident's paper answer: their group went from 5 to 6 people and one answer from
    1 to 2. Suppression alone shows both changes; the published figures before and after are the same."""

    def breakdown(mixed_people: int, mixed_dissatisfied: int):
        return publish_breakdown(
            sizes={"white": 40, "mixed": mixed_people},
            counts={
                ("white", "satisfied"): 30,
                ("white", "dissatisfied"): 10,
                ("mixed", "satisfied"): 4,
                ("mixed", "dissatisfied"): mixed_dissatisfied,
            },
            answers=ANSWERS,
        )

    before, after = breakdown(5, 1), breakdown(6, 2)

    assert before == after
    assert after.groups["mixed"] == Figure(5)
    assert after.answers[("mixed", "dissatisfied")] == Figure(0, 0.0)


@pytest.mark.parametrize("rest", [1, 2, 3, 4])
def test_subtracting_a_filtered_table_from_the_whole_never_pins_down_a_small_group(rest):
    """Everyone who answered against one tenure (or everyone but one neighbourhood): what is left is a group of
    under 5. Whatever the sizes, the two published counts leave several possible sizes for it, so it is never
    known, and hiding it in its own table keeps it from being read directly."""
    for part in range(5, 60):
        shown_whole = publish_counts({"black": part + rest, "white": 50}).groups["black"].count
        shown_part = publish_counts({"black": part, "white": 45}).groups["black"].count
        possible = differences(shown_whole, shown_part) & set(range(1, 5))  # the attacker knows it is 1 to 4
        assert rest in possible
        assert len(possible) >= 4, (part, rest, possible)
        assert publish_counts({"black": rest, "white": 5}).groups["black"].hidden == FEWER_THAN
