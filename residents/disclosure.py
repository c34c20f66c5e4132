"""Disclosure control for equality monitoring figures: what may be shown of counts by age band, sex, ethnicity or
disability, wherever they are shown (survey results and their CSV now; the Board's dashboards and panel make-up
pages later).

Hiding groups of fewer than 5 is not enough on its own. Figures are looked at more than once and next to others,
and the difference between two of them can single out a person: a survey's breakdown by ethnicity seen before and
after a resident whose paper answers a member of staff typed in, where one group grows from 5 to 6 and one answer
from 1 to 2, tells that member of staff the resident's ethnicity and answer. So every figure published here is
made safe on its own terms and against comparison:

1. Counts are rounded to the nearest ROUNDING_BASE (0, 1 and 2 show as 0; 3 to 7 as 5; 8 to 12 as 10), and
   percentages are worked out from the rounded counts shown, never from the true ones. One more or one fewer
   person moves a rounded count only at a boundary, and then by 5, so a change between two looks, or the
   difference between a table for everyone and a table for part of them (one tenure, one neighbourhood left
   out), never says by how many people, nor which answer, with certainty: subtracting two rounded counts leaves
   at least five possible true values.
2. A group of fewer than SMALL_GROUP people (0 to 4) is hidden with all its answers ("fewer than 5"), whatever
   the rounding would show, because a small group's answers are close to a person's answers. Callers pass every
   group that could exist (every ethnicity, not only those seen), so that a column's presence says nothing.
3. The true total of a breakdown is often exact elsewhere (a survey's per-question counts), so hidden groups
   could be recovered by subtracting the shown ones. When the small groups hidden hold anybody, further groups
   are hidden, smallest first ("not shown"), until at least two groups holding people are hidden and together
   they hold at least SMALL_GROUP people: subtraction then gives only the sum of several groups, never a small
   group's own count.
4. Totals are rounded too, and hidden when under SMALL_GROUP.

What this does not do: it cannot stop a figure changing over time. Rounding blurs a single change, but a count
watched at each answer eventually crosses a boundary. Callers therefore publish equality figures from data that
no longer changes one person at a time: survey breakdowns only once the survey has closed (it takes no more
answers then, from anyone, staff included). A new kind of page that shows live equality figures must find its own
such rule before using this module.

The API: `publish_counts` for one set of groups (panel members by ethnicity), `publish_breakdown` for answers split
by group (a survey question by ethnicity). Both take true counts and return `Figure`s: what may be shown.
"""

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

SMALL_GROUP = 5
ROUNDING_BASE = 5
FEWER_THAN = f"fewer than {SMALL_GROUP}"
NOT_SHOWN = "not shown"


@dataclass(frozen=True)
class Figure:
    """One number as it may be shown: the rounded count and its percentage, or hidden with the reason."""

    count: int | None  # rounded; None when hidden
    percent: float | None = None  # of the published (rounded) base; None when hidden or the base is 0
    hidden: str = ""  # FEWER_THAN, NOT_SHOWN or ""

    @property
    def shown(self) -> bool:
        return not self.hidden


@dataclass(frozen=True)
class PublishedCounts:
    groups: dict[Hashable, Figure]  # in the order given
    total: Figure


@dataclass(frozen=True)
class PublishedBreakdown:
    groups: dict[Hashable, Figure]  # people in each group, in the order given
    answers: dict[tuple[Hashable, Hashable], Figure]  # (group, answer) -> figure, for every group and answer
    total: Figure  # people in all groups


def rounded(count: int) -> int:
    """To the nearest ROUNDING_BASE; a count is never halfway with an odd base."""
    return ROUNDING_BASE * ((count + ROUNDING_BASE // 2) // ROUNDING_BASE)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def hidden_groups(sizes: Mapping[Hashable, int]) -> dict[Hashable, str]:
    """Group -> why it is hidden, for the groups that are (rules 2 and 3 of the module's docstring)."""
    hidden = {key: FEWER_THAN for key, size in sizes.items() if size < SMALL_GROUP}
    if not any(sizes[key] for key in hidden):
        return hidden  # nobody in a hidden group: subtraction can only show that they are empty
    shown = sorted((size, str(key), key) for key, size in sizes.items() if key not in hidden)
    for _size, _, key in shown:
        holding = [k for k in hidden if sizes[k]]
        if len(holding) >= 2 and sum(sizes[k] for k in holding) >= SMALL_GROUP:
            break
        hidden[key] = NOT_SHOWN
    return hidden


def _total(total: int) -> Figure:
    return Figure(rounded(total)) if total >= SMALL_GROUP else Figure(None, hidden=FEWER_THAN)


def publish_counts(sizes: Mapping[Hashable, int]) -> PublishedCounts:
    """How many people are in each group, as it may be shown, with each group's share of the rounded total.

    Pass every group that could exist, with 0 for the empty ones."""
    hidden = hidden_groups(sizes)
    total = _total(sum(sizes.values()))
    groups = {}
    for key, size in sizes.items():
        if key in hidden:
            groups[key] = Figure(None, hidden=hidden[key])
        else:
            groups[key] = Figure(rounded(size), percent(rounded(size), total.count or 0))
    return PublishedCounts(groups=groups, total=total)


def publish_breakdown(
    *,
    sizes: Mapping[Hashable, int],
    counts: Mapping[tuple[Hashable, Hashable], int],
    answers: Sequence[Hashable],
    outside_base: Collection[Hashable] = (),
    pick_many: bool = False,
) -> PublishedBreakdown:
    """Answers split by group, as they may be shown.

    sizes: people per group (every group that could exist, 0 for the empty ones); counts: (group, answer) -> how
    many gave that answer (missing means 0); answers: every answer, in order; outside_base: answers counted but
    left out of the percentages (don't know); pick_many: people could give several answers, so a group's
    percentages are of its people and may add up to more than 100. Otherwise they are of the rounded counts of
    the answers in the base shown for that group, so they add up to 100 (give or take rounding) with the numbers
    on the page.
    """
    hidden = hidden_groups(sizes)
    groups, cells = {}, {}
    for key, size in sizes.items():
        if key in hidden:
            groups[key] = Figure(None, hidden=hidden[key])
            cells |= {(key, answer): Figure(None, hidden=hidden[key]) for answer in answers}
            continue
        shown = {answer: rounded(counts.get((key, answer), 0)) for answer in answers}
        groups[key] = Figure(rounded(size))
        base = rounded(size) if pick_many else sum(n for answer, n in shown.items() if answer not in outside_base)
        for answer, n in shown.items():
            cells[(key, answer)] = Figure(n, None if answer in outside_base else percent(n, base))
    return PublishedBreakdown(groups=groups, answers=cells, total=_total(sum(sizes.values())))
