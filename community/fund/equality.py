"""Who applied to a round and who was funded, compared with the whole register: by neighbourhood, age band, sex,
ethnicity and disability (the equality monitoring answers: special category data). Staff only.

Every figure goes through residents.disclosure exactly as the Board's representation figures do
(engagement/board/representation.py): counts rounded to 5, groups under 5 hidden with their complement, every group
that could exist passed (so a row's presence says nothing), shares worked out from the rounded counts. And, as
that module and residents.disclosure require of any page of equality figures, they come from data that no longer
changes one person at a time:

1. They are shown only once the round has closed and every application sent to it has been decided. Who applied
   and who was funded then never changes, so the figures cannot be looked at before and after one person applies
   or is funded (rounding alone would blur one change, not a series of looks).
2. There is no filter inside a round (no neighbourhood, no status), so no table is a part of another that could
   be subtracted from it; those funded are a part of those who applied, and of the register, in every row, which is
   the register-and-taking-part comparison rounding is there for.
3. The register side counts every resident, live, as the Board's figures do: rounding blurs one change there.

One query reads the register grouped by every field, with whether each resident applied and was funded.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from residents import disclosure
from residents.models import AgeBand, Ethnicity, Neighbourhood, Resident, Sex, YesNoNotSaid

from .models import Application, ApplicationStatus, FundRound

NOT_RECORDED = "Not recorded"
WAIT = (
    "Equality figures are shown once the round has closed and every application sent to it has been decided, so "
    "that they cannot be compared before and after one person applies or is funded."
)
NONE_SENT = "No applications were sent to this round."
FIELDS = (
    "home__block__neighbourhood_id",
    "equality__age_band",
    "equality__sex",
    "equality__ethnicity",
    "equality__disability",
)


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    position: int  # in a grouped row
    choices: list[tuple[str, str]]


DIMENSIONS = [
    Dimension("neighbourhood", "Neighbourhood", 0, []),
    Dimension("age_band", "Age band", 1, list(AgeBand.choices)),
    Dimension("sex", "Sex", 2, list(Sex.choices)),
    Dimension("ethnicity", "Ethnicity", 3, list(Ethnicity.choices)),
    Dimension("disability", "Disability or long-term health condition", 4, list(YesNoNotSaid.choices)),
]
COLUMNS = ["On the register", "Applied", "Funded"]


@dataclass(frozen=True)
class Row:
    label: str
    figures: list[disclosure.Figure]  # register, applied, funded
    total: bool = False


@dataclass(frozen=True)
class Table:
    dimension: Dimension
    rows: list[Row]


def withheld(fund_round: FundRound, counts_by_status: dict[str, int], now) -> str:
    """Why the figures are not shown yet, or "" (rule 1 of the module's docstring). counts_by_status: the round's
    applications by status (selectors.round_summary has them)."""
    if now < fund_round.closes_at or counts_by_status.get(ApplicationStatus.SUBMITTED, 0):
        return WAIT
    if not sum(n for status, n in counts_by_status.items() if status != ApplicationStatus.DRAFT):
        return NONE_SENT
    return ""


def grouped_register(fund_round: FundRound) -> list[tuple]:
    """(neighbourhood id, age band, sex, ethnicity, disability, applied, funded, residents): one query."""
    sent = Application.objects.filter(round=fund_round, resident=OuterRef("pk")).submitted()
    return list(
        Resident.objects.annotate(applied=Exists(sent), funded=Exists(sent.funded()))
        .values_list(*FIELDS, "applied", "funded")
        .annotate(n=Count("pk"))
        .order_by()
    )


def tables(fund_round: FundRound) -> list[Table]:
    rows = grouped_register(fund_round)
    names = dict(Neighbourhood.objects.values_list("pk", "name"))
    found = []
    for dimension in DIMENSIONS:
        if dimension.key == "neighbourhood":
            choices = sorted(names.items(), key=lambda item: item[1])
        else:
            choices = dimension.choices
        groups = [key for key, _ in choices] + [""]
        labels = dict(choices) | {"": NOT_RECORDED}
        found.append(_table(dimension, groups, labels, rows))
    return found


def _table(dimension: Dimension, groups: list, labels: dict, rows: list[tuple]) -> Table:
    register, applied, funded = (Counter(dict.fromkeys(groups, 0)) for _ in range(3))
    for row in rows:
        value = row[dimension.position] if row[dimension.position] in register else ""
        n = row[-1]
        register[value] += n
        if row[-3]:
            applied[value] += n
        if row[-2]:
            funded[value] += n
    if dimension.key == "neighbourhood" and not register[""]:
        groups = groups[:-1]  # every home is in a neighbourhood: no "not recorded" row
    published = [disclosure.publish_counts({g: counter[g] for g in groups}) for counter in (register, applied, funded)]
    table_rows = [Row(labels[g], [p.groups[g] for p in published]) for g in groups]
    table_rows.append(Row("Everyone", [p.total for p in published], total=True))
    return Table(dimension, table_rows)
