"""Known data for the Board dashboard's tests, small enough to count by hand, and helpers to read its tables."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from engagement.board import selectors
from engagement.board.periods import periods
from residents.models import (
    ComplaintStage,
    EqualityMonitoring,
    FeedbackCategory,
    FeedbackKind,
    Hazard,
    HazardSeverity,
    Neighbourhood,
    OutboundEmail,
    Tenure,
    UpdateStatus,
    YouSaidWeDid,
)
from surveys.models import Response

from ..factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory, feedback_from
from ..panels.factories import MembershipFactory, PanelFactory
from ..surveys.fixtures import build_survey, publish_for

LONDON = ZoneInfo("Europe/London")
# A Monday in the reporting year 2025 (April 2025 to March 2026), which has not ended.
NOW = datetime(2026, 2, 16, 12, 0, tzinfo=LONDON)


def at(year, month, day, hour=10):
    return time_machine.travel(datetime(year, month, day, hour, tzinfo=LONDON), tick=False)


def when(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=LONDON)


def period(key: str, today: date | None = None):
    return next(p for p in periods(today or NOW.date()) if p.key == key)


def filters_for(key: str, neighbourhood=None, now=NOW):
    names = dict(Neighbourhood.objects.values_list("id", "name"))
    return selectors.BoardFilters(
        period=period(key, now.date()), neighbourhood=neighbourhood, now=now, neighbourhoods=names
    )


def table_in(sections, slug):
    return next(t for section in sections for t in section.tables if t.slug == slug)


def rows_of(table) -> dict:
    """The first cell of each row -> the rest."""
    return {row.cells[0]: row.cells[1:] for row in table.rows}


def board_url(name="board_home", **query) -> str:
    url = reverse(name) if name != "board_csv" else reverse(name, args=[query.pop("slug")])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def build_activity(staff):
    """Two neighbourhoods. North: four homes, five residents; South: one home, one resident.

    In the reporting year 2025 (April 2025 to March 2026):
    - Ann (North): a cleaning comment in June, a repairs complaint in July (acknowledged and answered in time).
    - Bob (North): a grounds suggestion in October; sits on a panel.
    - Cat (North): answered a survey in November.
    - Dan (South): a repairs complaint in January 2026, acknowledged late, not answered, past its deadline; a
      confirmed damp hazard: investigated in time, made safe late, summary never sent (past due), further work
      not yet due.
    - Eve (North, same home as Cat) and Fay (North): took no part. Eve's cleaning comment came in January 2025,
      before the year and the last 12 months.
    - A "You said, we did" about repairs for everyone, published in December, answering Ann and Dan (two emails
      queued, one sent); a draft that is not counted.
    """
    north = NeighbourhoodFactory(name="North")
    south = NeighbourhoodFactory(name="South")
    north_block, south_block = BlockFactory(neighbourhood=north), BlockFactory(neighbourhood=south)
    homes = [HomeFactory(block=north_block, tenure=Tenure.LCRA) for _ in range(4)]
    south_home = HomeFactory(block=south_block, tenure=Tenure.LCHO)
    people = {
        "ann": ResidentFactory(home=homes[0], first_name="Ann"),
        "bob": ResidentFactory(home=homes[1], first_name="Bob"),
        "cat": ResidentFactory(home=homes[2], first_name="Cat"),
        "eve": ResidentFactory(home=homes[2], first_name="Eve"),
        "fay": ResidentFactory(home=homes[3], first_name="Fay"),
        "dan": ResidentFactory(home=south_home, first_name="Dan"),
    }
    with at(2025, 1, 20):
        feedback_from(people["eve"], category=FeedbackCategory.CLEANING)
    with at(2025, 6, 2):
        feedback_from(people["ann"], category=FeedbackCategory.CLEANING)
    with at(2025, 7, 1):
        complaint = feedback_from(people["ann"], kind=FeedbackKind.COMPLAINT, category=FeedbackCategory.REPAIRS)
    ComplaintStage.objects.filter(feedback=complaint).update(
        acknowledged_at=when(2025, 7, 2), responded_at=when(2025, 7, 10)
    )
    with at(2025, 10, 6):
        feedback_from(people["bob"], kind=FeedbackKind.SUGGESTION, category=FeedbackCategory.GROUNDS)
    with at(2026, 1, 5):
        late = feedback_from(people["dan"], kind=FeedbackKind.COMPLAINT, category=FeedbackCategory.REPAIRS)
    stage = ComplaintStage.objects.get(feedback=late)
    ComplaintStage.objects.filter(pk=stage.pk).update(acknowledged_at=stage.acknowledge_due + timedelta(days=1))
    with at(2026, 1, 12):
        damp = feedback_from(people["dan"], kind=FeedbackKind.SERVICE_REQUEST, category=FeedbackCategory.DAMP_MOULD)
    Hazard.objects.create(
        feedback=damp,
        severity=HazardSeverity.DAMP_MOULD,
        aware_at=when(2026, 1, 12),
        confirmed_by=staff,
        investigate_due=when(2026, 1, 26),
        investigated_at=when(2026, 1, 20),
        make_safe_due=when(2026, 1, 27),
        made_safe_at=when(2026, 1, 29),
        summary_due=when(2026, 1, 23),
        further_work_due=when(2026, 4, 14),
    )
    MembershipFactory(
        panel=PanelFactory(name="Repairs Panel", slug="repairs-panel"),
        resident=people["bob"],
        term_starts=date(2025, 9, 1),
        term_ends=date(2027, 8, 31),
    )
    survey = build_survey(title="Your estate")
    publish_for(survey, people["cat"], opens_at=when(2025, 10, 1), closes_at=when(2025, 12, 1))
    Response.objects.create(survey=survey, resident=people["cat"], submitted_on=date(2025, 11, 3))
    entry = YouSaidWeDid.objects.create(
        title="Repairs are quicker",
        you_said="Repairs took too long.",
        we_did="We added a second team.",
        topic=FeedbackCategory.REPAIRS,
        everyone=True,
        status=UpdateStatus.PUBLISHED,
        published_at=when(2025, 12, 1),
        voices=2,
    )
    YouSaidWeDid.objects.create(title="Draft", you_said="x", we_did="y", topic=FeedbackCategory.REPAIRS, everyone=True)
    OutboundEmail.objects.create(
        key=f"update-published:{entry.pk}:{people['ann'].pk}",
        to="ann@example.org",
        subject="s",
        body="b",
        sent_at=when(2025, 12, 1, 11),
    )
    OutboundEmail.objects.create(
        key=f"update-published:{entry.pk}:{people['dan'].pk}", to="dan@example.org", subject="s", body="b"
    )
    return {"north": north, "south": south, "people": people}


def give_equality(resident, **answers):
    EqualityMonitoring.objects.update_or_create(resident=resident, defaults=answers)
