"""Reads for the membership pages: a panel's public members, staff lists, and the panel's make-up against the
register.

The make-up is counted in the database in three queries whatever the size of the panel or the register (the
neighbourhoods, then one aggregate for the panel's members and one for the register, each a set of filtered
counts), and published through residents.disclosure: counts rounded to 5, groups under 5 hidden, with
complementary suppression.

Live equality figures need a rule of their own (residents.disclosure's docstring): a panel's membership changes
one person at a time, so figures counted at every change would tell staff the age, ethnicity or disability of the
person who just joined or left. The equality fields therefore count the members as they stood at the start of
the month (accepted before it, with a term that covered its first day), and change only once a month, several
joiners and leavers at a time. Where people live (neighbourhood, tenure) is not special category data and staff
see each member's home anyway, so those count today's members.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from residents import disclosure
from residents.disclosure import FEWER_THAN, SMALL_GROUP, Figure
from residents.models import AgeBand, Ethnicity, Neighbourhood, Resident, Sex, Tenure, YesNoNotSaid

from ..models import Membership, MembershipRole, MembershipStatus, Panel

# A group is marked under-represented when its share of the panel is below this fraction of its share of the
# register: 0.8 is the "four-fifths" rule of thumb used to spot adverse impact.
UNDER_REPRESENTED_RATIO = 0.8
ROLE_ORDER = {MembershipRole.CHAIR: 0, MembershipRole.VICE_CHAIR: 1, MembershipRole.MEMBER: 2}


def public_members(panel: Panel) -> list[dict]:
    """The current members who agreed to be named, as the public page shows them: first name and role only, the
    chair and vice-chair first (one query)."""
    rows = list(
        Membership.objects.current()
        .filter(panel=panel, show_on_public_page=True)
        .order_by("resident__first_name", "pk")
        .values("resident__first_name", "role")
    )
    labels = dict(MembershipRole.choices)
    rows.sort(key=lambda row: ROLE_ORDER.get(row["role"], 9))
    return [{"first_name": row["resident__first_name"], "role": labels[row["role"]]} for row in rows]


def export_for_resident(user, resident) -> list[dict] | None:
    """The resident's data download: every application and membership, with what they told us and what we
    decided (who decided is staff's record, not theirs)."""
    if resident is None:
        return None
    return [
        {
            "panel": m.panel.name,
            "status": m.get_status_display(),
            "role": m.get_role_display() if m.term_starts else None,
            "applied": m.applied_at.isoformat(),
            "why": m.why,
            "availability": m.availability,
            "support_needs": m.support_needs,
            "first_name_on_public_page": m.show_on_public_page,
            "decided": m.decided_at.isoformat() if m.decided_at else None,
            "reason": m.reason,
            "term_starts": m.term_starts.isoformat() if m.term_starts else None,
            "term_ends": m.term_ends.isoformat() if m.term_ends else None,
        }
        for m in Membership.objects.filter(resident=resident).select_related("panel").order_by("applied_at", "pk")
    ]


# Make-up ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MakeupRow:
    label: str
    members: Figure
    register: Figure
    under_represented: bool


@dataclass(frozen=True)
class MakeupTable:
    key: str
    title: str
    base: str  # who the register's shares are of
    counted_on: datetime.date
    rows: list[MakeupRow]
    members_total: Figure
    not_recorded: Figure | None = None  # members who have not told us (equality fields only)
    equality: bool = False


@dataclass(frozen=True)
class Makeup:
    tables: list[MakeupTable] = field(default_factory=list)
    today: datetime.date | None = None
    snapshot: datetime.date | None = None


# The equality fields: the column on EqualityMonitoring, the title and the choices.
EQUALITY = [
    ("age_band", "Age band", AgeBand),
    ("sex", "Sex", Sex),
    ("ethnicity", "Ethnicity", Ethnicity),
    ("disability", "Disability or long-term health condition", YesNoNotSaid),
]


def _term_covers(on: datetime.date) -> Q:
    return Q(term_starts__lte=on) & (Q(term_ends__isnull=True) | Q(term_ends__gte=on))


def _live_q(on: datetime.date) -> Q:
    """Today's members."""
    return Q(status=MembershipStatus.MEMBER) & _term_covers(on)


def _snapshot_q(snapshot: datetime.date) -> Q:
    """The members on the snapshot day as they were recorded then: accepted before it, and a term covering it.
    Those who left since still count (stepping down and ending a term keep the term's dates)."""
    starts = timezone.make_aware(datetime.datetime.combine(snapshot, datetime.time.min))
    left = [MembershipStatus.MEMBER, MembershipStatus.STEPPED_DOWN, MembershipStatus.ENDED]
    return Q(status__in=left, decided_at__lt=starts) & _term_covers(snapshot)


def _counts(place: str, equality: str, live: Q, snapshot: Q, areas: list[int]) -> dict:
    """The filtered counts of one aggregate: per neighbourhood and tenure (live), per value of each equality
    field (snapshot), and the totals."""
    counts = {"total": Count("pk", filter=live), "snap_total": Count("pk", filter=snapshot)}
    for area in areas:
        counts[f"area_{area}"] = Count("pk", filter=live & Q(**{f"{place}block__neighbourhood_id": area}))
    for value in Tenure.values:
        counts[f"tenure_{value}"] = Count("pk", filter=live & Q(**{f"{place}tenure": value}))
    for column, _title, choices in EQUALITY:
        for value in choices.values:
            counts[f"{column}_{value}"] = Count("pk", filter=snapshot & Q(**{f"{equality}{column}": value}))
    return counts


def _row(label: str, members: Figure, register: Figure, members_total: Figure) -> MakeupRow:
    under = False
    if register.percent:
        if members.shown and members.percent is not None:
            under = members.percent < UNDER_REPRESENTED_RATIO * register.percent
        elif members.hidden == FEWER_THAN and members_total.count:
            # Fewer than 5 where a panel like the register would have enough that even 4 is too few: said only
            # from what is shown (the rounded total and the register's share), so it reveals nothing more.
            expected = register.percent / 100 * members_total.count
            under = expected * UNDER_REPRESENTED_RATIO >= SMALL_GROUP
    return MakeupRow(label=label, members=members, register=register, under_represented=under)


def _table(key, title, base, counted_on, choices, members: dict, register: dict, **extra) -> MakeupTable:
    published = disclosure.publish_counts(members)
    shares = disclosure.publish_counts(register)
    rows = [_row(label, published.groups[value], shares.groups[value], published.total) for value, label in choices]
    return MakeupTable(
        key=key, title=title, base=base, counted_on=counted_on, rows=rows, members_total=published.total, **extra
    )


def _not_recorded(n: int) -> Figure:
    return Figure(disclosure.rounded(n)) if n >= SMALL_GROUP else Figure(None, hidden=FEWER_THAN)


def panel_makeup(panel: Panel, *, today: datetime.date | None = None) -> Makeup:
    """The panel's members by neighbourhood, tenure and each equality field, beside the register's shares."""
    today = today or timezone.localdate()
    snapshot = today.replace(day=1)
    areas = list(Neighbourhood.objects.order_by("name").values_list("pk", "name"))
    area_ids = [pk for pk, _name in areas]
    members = Membership.objects.filter(panel=panel).aggregate(
        **_counts("resident__home__", "resident__equality__", _live_q(today), _snapshot_q(snapshot), area_ids)
    )
    everyone = Q(pk__isnull=False)
    register = Resident.objects.aggregate(**_counts("home__", "equality__", everyone, everyone, area_ids))

    def pick(source: dict, prefix: str, values) -> dict:
        return {value: source[f"{prefix}_{value}"] for value in values}

    tables = [
        _table(
            "neighbourhood",
            "Neighbourhood",
            "everyone on the register",
            today,
            [(pk, name) for pk, name in areas],
            pick(members, "area", area_ids),
            pick(register, "area", area_ids),
        ),
        _table(
            "tenure",
            "Tenure",
            "everyone on the register",
            today,
            Tenure.choices,
            pick(members, "tenure", Tenure.values),
            pick(register, "tenure", Tenure.values),
        ),
    ]
    for column, title, choices in EQUALITY:
        told = pick(members, column, choices.values)
        tables.append(
            _table(
                column,
                title,
                "residents on the register who told us",
                snapshot,
                choices.choices,
                told,
                pick(register, column, choices.values),
                not_recorded=_not_recorded(members["snap_total"] - sum(told.values())),
                equality=True,
            )
        )
    return Makeup(tables=tables, today=today, snapshot=snapshot)
