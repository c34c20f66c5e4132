"""Hours from attendance, recorded by the features above residents (panel meetings, walkabouts, events...).

residents imports none of those apps, so they tell this module about their attendance through a generic link:

1. Once, from the feature's AppConfig.ready(), register the model whose rows people attend, saying how one is
   described on a resident's involvement record (a model not registered is refused with a ValueError)::

       from residents.involvement.sources import register_hours_source

       register_hours_source(Meeting, describe=lambda meeting: f"{meeting.panel.name} meeting")

2. Whenever attendance is recorded or corrected, in the same transaction, for everyone who came at once (a fixed
   number of queries however many)::

       from residents.involvement.services import record_attendance_hours_for, remove_attendance_hours_for

       record_attendance_hours_for(source=meeting, hours_by_resident={resident_id: Decimal("2"), ...}, on=day)
       remove_attendance_hours_for(source=meeting, resident_ids=[...])  # they did not come after all

   Hours are Decimals over 0 and at most 24; on a date. Pass opportunity=<Opportunity> (everyone's) or
   opportunity_by_resident={resident_id: opportunity_id} when the attendance belongs to a published involvement role
   (a walkabout volunteer's walkabout), so the hours show against that role.

   record_attendance_hours_for is idempotent per source and resident: calling it again updates each resident's one
   entry (the hours, the day) rather than adding another, so a task retried or run twice never counts hours twice.
   Attendance hours count as confirmed (staff recorded the attendance) and may bring an hours milestone's
   thanks. The entry keeps describe(source) as it was when recorded; deleting the source deletes nothing here
   (the hours were given), so remove_attendance_hours_for first if the attendance itself was a mistake.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models


@dataclass(frozen=True)
class HoursSource:
    model: type[models.Model]
    describe: Callable[[models.Model], str]


_SOURCES: dict[str, HoursSource] = {}


def register_hours_source(model, *, describe: Callable[[models.Model], str]) -> None:
    _SOURCES[model._meta.label_lower] = HoursSource(model=model, describe=describe)


def is_hours_source(model) -> bool:
    return model._meta.label_lower in _SOURCES


def describe(source: models.Model) -> str:
    """What attendance at this object is shown as on a resident's record: written onto the hours entry when it is
    recorded, so the record page never loads objects from other apps one by one."""
    kind = _SOURCES.get(source._meta.label_lower)
    if kind is None:
        raise ValueError(f"{source._meta.label} is not registered with register_hours_source()")
    return kind.describe(source)[:300]


# What a resident's involvement led to, beyond "You said, we did" ---------------------------------------------
#
# Some of what changes because of residents is not a "You said, we did" entry: a scrutiny panel's recommendations,
# say. A feature registers, from its setup.py register(), a callable giving for one resident what their involvement
# led to, newest first, as LedTo rows (at most `limit` of them, read with a fixed number of queries: the record page
# costs the same however much lies behind it)::
#
#     from residents.involvement.sources import LedTo, register_led_to
#
#     register_led_to("scrutiny_recommendations", recommendations_led_to)
#
# The record shows each row's kind, title, status and where it came from, and links to `url` when given (only
# when the resident may open that page).


@dataclass(frozen=True)
class LedTo:
    kind: str  # what it is, e.g. "Scrutiny recommendation"
    title: str
    status: str  # where it has got to, in words
    came_from: str  # what of theirs it came from, e.g. "Repairs panel: review of void times"
    on: date | None = None  # when it was made
    url: str | None = None  # a page the resident may open, or None


_LED_TO: dict[str, Callable[..., list[LedTo]]] = {}


def register_led_to(name: str, for_resident: Callable[..., list[LedTo]]) -> None:
    """for_resident(resident, limit=int) -> list[LedTo], newest first."""
    _LED_TO[name] = for_resident


def led_to(resident, *, limit: int) -> list[LedTo]:
    """Everything registered features say this resident's involvement led to, newest first (undated last)."""
    found = [row for for_resident in _LED_TO.values() for row in for_resident(resident, limit=limit)]
    found.sort(key=lambda row: row.on or date.min, reverse=True)
    return found[:limit]


# Activity: what a resident does that is not counted in hours (being a Block Champion, the issues they logged) ------
#
# A feature registers, once from its AppConfig.ready(), a reader of a resident's activity in it and how each row
# is described on their "My involvement" record::
#
#     from residents.involvement.sources import Activity, register_activity_source
#
#     register_activity_source(
#         "block_champions",
#         for_resident=lambda resident: BlockChampion.objects.filter(resident=resident).select_related("block"),
#         describe=lambda champion: Activity(f"Block Champion for {champion.block.name}", started=..., ended=...),
#     )
#
# for_resident returns rows in a fixed number of queries (one queryset: the record page evaluates it once), however
# many there are; describe turns one row into an Activity without further queries.


@dataclass(frozen=True)
class Activity:
    what: str
    started: date | None = None  # a role's first day, or the day of a one-off (an issue logged)
    ended: date | None = None  # a role's last day
    ongoing: bool = False  # a role that has not ended
    link: str = ""  # a page of the resident's own about it, if any


@dataclass(frozen=True)
class ActivitySource:
    for_resident: Callable[[models.Model], Iterable]
    describe: Callable[[models.Model], Activity]


_ACTIVITY_SOURCES: dict[str, ActivitySource] = {}


def register_activity_source(
    name: str, *, for_resident: Callable[[models.Model], Iterable], describe: Callable[[models.Model], Activity]
) -> None:
    _ACTIVITY_SOURCES[name] = ActivitySource(for_resident=for_resident, describe=describe)


def activity_of(resident) -> list[Activity]:
    """Everything the registered features record the resident doing, newest first: one read per feature."""
    found = [source.describe(row) for source in _ACTIVITY_SOURCES.values() for row in source.for_resident(resident)]
    return sorted(found, key=lambda activity: (activity.started or date.min, activity.what), reverse=True)
