"""Who takes part compared with the whole register: by tenure and neighbourhood (facts of the register) and by the
equality monitoring answers (age band, sex, ethnicity, disability: special category data).

Every figure goes through residents.disclosure: counts rounded to 5, groups under 5 hidden with their complement.
That is not enough on its own for equality figures on a page with filters, so three more rules hold here, and
tests/engagement/test_board_representation.py attacks them:

1. Equality figures are shown only for a whole reporting year that has ended. Who took part in it no longer
   changes as residents answer a survey or send feedback, so the figures cannot be watched before and after one
   person takes part; and years do not overlap, so no period is a part of another (a quarter is, which is why
   quarters and the last 12 months show none).
2. A neighbourhood's equality figures are compared, by anyone, with those of all neighbourhoods: the difference is
   everyone else. For each equality question, the neighbourhood's table is shown only if, among the residents
   outside it, no group (on the register or among those taking part) holds between 1 and 4 people. Otherwise the
   difference of the two tables could prove that someone in a small group exists there.
3. The register side counts every resident who gave an answer, live while the period runs: rounding blurs one
   change there, as it does on the Tenant Satisfaction Measures' summary of approach. An ended year's figures, both
   sides, are frozen the first time they are asked for (engagement.board.frozen), so a later change to the register
   (someone moving in or out, an answer changed) cannot be read off the difference either.

One query reads the register grouped by every field at once, counting in each group who took part in each activity:
the tables, the neighbourhood's complement, the totals and the involvement reach all come from it.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count

from residents import disclosure
from residents.models import AgeBand, Ethnicity, Resident, Sex, Tenure, YesNoNotSaid
from residents.people.services import register_version

from . import frozen, involvement
from .involvement import recorded
from .tables import PERCENT, TEXT, Chart, Column, Row, Table

NOT_RECORDED = "Not recorded"
# A group is under-represented when its share of those taking part is under this fraction of its share of the
# register (the "four-fifths" rule of thumb), both shown.
UNDER_REPRESENTED = 0.8
NOT_HIGHLIGHTED = {"", "not_said"}

WAIT_FOR_YEAR_END = (
    "Equality figures are shown for a whole reporting year once it has ended (choose one in the period filter), so "
    "that they cannot be compared before and after someone takes part."
)
NEIGHBOURHOOD_TOO_CLOSE = (
    "Not shown for one neighbourhood: compared with the figures for all neighbourhoods, the difference would show a "
    "group of fewer than {small} people living elsewhere."
)


@dataclass(frozen=True)
class Dimension:
    key: str  # index into a grouped row
    label: str
    choices: list[tuple[str, str]]
    equality: bool


FIELDS = (
    "home__block__neighbourhood_id",
    "home__tenure",
    "equality__age_band",
    "equality__sex",
    "equality__ethnicity",
    "equality__disability",
)
DIMENSIONS = [
    Dimension("tenure", "Tenure", list(Tenure.choices), False),
    Dimension("neighbourhood", "Neighbourhood", [], False),
    Dimension("age_band", "Age band", list(AgeBand.choices), True),
    Dimension("sex", "Sex", list(Sex.choices), True),
    Dimension("ethnicity", "Ethnicity", list(Ethnicity.choices), True),
    Dimension("disability", "Disability or long-term health condition", list(YesNoNotSaid.choices), True),
]
POSITION = {
    "neighbourhood": 0,
    "tenure": 1,
    "age_band": 2,
    "sex": 3,
    "ethnicity": 4,
    "disability": 5,
}


@dataclass(frozen=True)
class Group:
    """Residents of the register who share every field: how many, how many took part in any recorded activity in
    the period, and how many in each."""

    neighbourhood_id: int | None
    fields: tuple  # tenure, age band, sex, ethnicity, disability
    residents: int
    taking_part: int
    activities: dict  # residents who took part in each recorded activity, by its key

    def __getitem__(self, position: int):
        return self.neighbourhood_id if position == 0 else self.fields[position - 1]

    def as_list(self) -> list:
        return [self.neighbourhood_id, list(self.fields), self.residents, self.taking_part, self.activities]

    @classmethod
    def from_list(cls, stored: list) -> "Group":
        neighbourhood_id, fields, residents, taking_part, activities = stored
        return cls(neighbourhood_id, tuple(fields), residents, taking_part, activities)


REGISTER_SIDE_TIMEOUT = 24 * 60 * 60  # a new register version makes a new key; the old one expires


def register_side() -> dict:
    """The whole register grouped by its fields ({(neighbourhood id, *fields): residents}) and its homes with someone
    on the register by neighbourhood ({neighbourhood id: homes}): two queries over the register, cached under the
    register's version (residents.people.services.register_version), which changes whenever a resident, home,
    block or equality answer does."""
    key = f"board:register-side:{register_version()}"
    found = cache.get(key)
    if found is None:
        found = {
            "groups": {
                tuple(row[:-1]): row[-1]
                for row in Resident.objects.values_list(*FIELDS).annotate(n=Count("pk")).order_by()
            },
            "homes": dict(
                Resident.objects.values_list("home__block__neighbourhood_id")
                .annotate(homes=Count("home_id", distinct=True))
                .order_by()
            ),
        }
        cache.set(key, found, REGISTER_SIDE_TIMEOUT)
    return found


def count_grouped_register(period) -> list[Group]:
    """The register grouped by neighbourhood, tenure and the equality answers, with in each group its residents
    (register_side, cached), those who took part in any recorded activity in the period and those in each (one
    query over those who took part only).

    Counted with FILTER in groups of the register's fields, not grouped by who took part: PostgreSQL cannot tell how
    many groups a flag makes, so grouping by eight flags as well it planned for one group per resident and sorted
    the whole register on disk (1.16 s, against 0.24 s for the register's side and less for those taking part, at
    100,000 residents and 50,000 feedback items)."""
    counts = {"any": Count("pk")} | {f"took_{a.key}": Count("pk", filter=a.taking_part(period)) for a in recorded()}
    taking_part = {
        tuple(row[: len(FIELDS)]): row[len(FIELDS) :]
        for row in Resident.objects.filter(involvement.took_part(period))
        .values_list(*FIELDS)
        .annotate(**counts)
        .order_by()
    }
    keys = [a.key for a in recorded()]
    register = register_side()["groups"]
    found = []
    for group in register.keys() | taking_part.keys():
        took = taking_part.get(group, (0,) * (len(keys) + 1))
        found.append(
            Group(
                group[0],
                tuple(group[1:]),
                max(register.get(group, 0), took[0]),  # a resident added since the register was counted
                took[0],
                dict(zip(keys, took[1:], strict=True)),
            )
        )
    return found


def grouped_register(period, cache: dict | None = None) -> list[Group]:
    """The register grouped for the period (count_grouped_register), which the involvement figures share (through
    `cache`, one request's). An ended reporting year's figures are frozen the first time they are asked for
    (engagement.board.frozen): they no longer change as the register does."""
    if cache is not None and ("register", period.key) in cache:
        return cache[("register", period.key)]
    if period.kind == "year" and period.ended:
        found = frozen.year_figures(period, cache)["groups"]
    else:
        found = count_grouped_register(period)
    if cache is not None:
        cache[("register", period.key)] = found
    return found


def _sizes(rows, dimension: Dimension, groups: list[str]) -> tuple[Counter, Counter]:
    register, taking_part = Counter(dict.fromkeys(groups, 0)), Counter(dict.fromkeys(groups, 0))
    at = POSITION[dimension.key]
    for row in rows:
        value = row[at] if row[at] in register else ""
        register[value] += row.residents
        taking_part[value] += row.taking_part
    return register, taking_part


def _has_small_group(*counters: Counter) -> bool:
    return any(0 < n < disclosure.SMALL_GROUP for counter in counters for n in counter.values())


def equality_withheld(*, period, dimension: Dimension, rows, neighbourhood_id, groups) -> str:
    """Why this equality question's table is not shown for these filters, or "" (rules 1 and 2 above)."""
    if period.kind != "year" or not period.ended:
        return WAIT_FOR_YEAR_END
    if neighbourhood_id is not None:
        outside = [row for row in rows if row[0] != neighbourhood_id]
        if _has_small_group(*_sizes(outside, dimension, groups)):
            return NEIGHBOURHOOD_TOO_CLOSE.format(small=disclosure.SMALL_GROUP)
    return ""


def representation_tables(
    *, period, neighbourhood_id: int | None, names: dict[int, str], cache: dict | None = None
) -> list[dict]:
    """For each dimension: its table, or why it is not shown."""
    rows = grouped_register(period, cache)
    inside = [row for row in rows if neighbourhood_id is None or row[0] == neighbourhood_id]
    found = []
    for dimension in DIMENSIONS:
        if dimension.key == "neighbourhood":
            if neighbourhood_id is not None:
                continue
            choices = sorted(names.items(), key=lambda item: item[1])
        else:
            choices = dimension.choices
        groups = [key for key, _ in choices] + [""]
        labels = dict(choices) | {"": NOT_RECORDED}
        withheld = ""
        if dimension.equality:
            withheld = equality_withheld(
                period=period,
                dimension=dimension,
                rows=rows,
                neighbourhood_id=neighbourhood_id,
                groups=groups,
            )
        table = _table(dimension, groups, labels, inside) if not withheld else None
        found.append({"dimension": dimension, "table": table, "withheld": withheld})
    return found


def _table(dimension: Dimension, groups: list[str], labels: dict, rows) -> Table:
    register, taking_part = _sizes(rows, dimension, groups)
    if dimension.key == "neighbourhood" and not register[""]:
        groups = groups[:-1]  # every home is in a neighbourhood: no "not recorded" row
        register.pop("")
        taking_part.pop("")
    published_register = disclosure.publish_counts({g: register[g] for g in groups})
    published_taking_part = disclosure.publish_counts({g: taking_part[g] for g in groups})
    table_rows = []
    for group in groups:
        whole, part = published_register.groups[group], published_taking_part.groups[group]
        highlight = ""
        if (
            group not in NOT_HIGHLIGHTED
            and whole.shown
            and part.shown
            and whole.percent
            and (part.percent or 0) < UNDER_REPRESENTED * whole.percent
        ):
            highlight = "Under-represented"
        table_rows.append(
            Row(
                [
                    labels[group],
                    _count(whole),
                    whole.percent if whole.shown else None,
                    _count(part),
                    part.percent if part.shown else None,
                ],
                highlight=highlight,
            )
        )
    table_rows.append(
        Row(
            ["Everyone", _count(published_register.total), None, _count(published_taking_part.total), None],
            total=True,
        )
    )
    return Table(
        f"representation-{dimension.key}",
        f"Taking part compared with the register, by {dimension.label.lower()}",
        [
            Column(dimension.label, TEXT),
            Column("On the register"),
            Column("Share of the register", PERCENT),
            Column("Taking part"),
            Column("Share of those taking part", PERCENT),
        ],
        table_rows,
        description="Counts are rounded to the nearest 5 and groups of fewer than 5 people are not shown; shares "
        "are of the rounded counts.",
        chart=Chart(columns=[2, 4], horizontal=True, percent=True),
    )


def _count(figure: disclosure.Figure):
    return figure.count if figure.shown else figure.hidden
