"""Who a survey asks: the audience staff choose, less the residents left out, and for a sample a random draw
stratified by neighbourhood and tenure.

Residents are left out (and counted by reason) when they asked not to be contacted, opted out of surveys,
were already asked this survey, or were invited to any survey in the last SURVEY_REST_DAYS days (contact
fatigue). Everything is one SQL statement over the register: the preview staff see before publishing and
the fan-out that writes the invitations share the same query, so what staff are shown is what happens.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from panels.models import Membership
from residents.models import Block, Home, Preferences, Resident, Role, User
from residents.outbox import services as outbox

from ..models import AudienceKind, Invitation, InvitationChannel, StaffInvitation, Survey, SurveyWave

# Reasons a resident is left out, in the order they are checked (a resident is counted under the first).
DO_NOT_CONTACT = "do_not_contact"
SURVEY_OPT_OUT = "survey_opt_out"
ALREADY_ASKED = "already_asked"
RECENTLY_INVITED = "recently_invited"
EXCLUSION_ORDER = (DO_NOT_CONTACT, SURVEY_OPT_OUT, ALREADY_ASKED, RECENTLY_INVITED)


def exclusion_label(reason: str) -> str:
    return {
        DO_NOT_CONTACT: "Asked us not to contact them",
        SURVEY_OPT_OUT: "Opted out of surveys",
        ALREADY_ASKED: "Already asked this survey",
        RECENTLY_INVITED: f"Invited to a survey in the last {settings.SURVEY_REST_DAYS} days",
    }.get(reason, reason)


def exclusion_rows(exclusions: dict) -> list[tuple[str, int]]:
    """(label, count) in the checking order, for pages."""
    return [(exclusion_label(reason), exclusions.get(reason, 0)) for reason in EXCLUSION_ORDER]


@dataclass(frozen=True)
class AudienceCount:
    """What a fan-out would do (a preview) or did: residents considered, left out by reason, chosen."""

    considered: int
    exclusions: dict = field(default_factory=dict)
    audience: int = 0
    by_email: int = 0
    invited: int = 0  # rows written by this fan-out (0 for a preview, and when run again)
    first_id: int | None = None  # the ids this fan-out wrote lie between these two
    last_id: int | None = None

    @property
    def excluded(self) -> int:
        return sum(self.exclusions.values())

    @property
    def offline(self) -> int:
        return self.audience - self.by_email


def audience_problems(
    *,
    kind: str,
    neighbourhood_count: int,
    tenure: str,
    resident_count: int,
    sample_size: int | None,
    panel_chosen: bool = False,
) -> dict[str, str]:
    """Field name -> what is missing for this kind of audience."""
    problems = {}
    if kind == AudienceKind.NEIGHBOURHOODS and not neighbourhood_count:
        problems["audience_neighbourhoods"] = "Choose at least one neighbourhood."
    if kind == AudienceKind.TENURE and not tenure:
        problems["audience_tenure"] = "Choose the tenure."
    if kind == AudienceKind.CHOSEN and not resident_count:
        problems["audience_residents"] = "Add at least one resident to the list."
    if kind == AudienceKind.SAMPLE and not sample_size:
        problems["sample_size"] = "Enter how many residents to ask in each wave."
    if kind == AudienceKind.PANEL and not panel_chosen:
        problems["audience_panel"] = "Choose the panel whose members to ask."
    return problems


def survey_audience_problems(survey: Survey) -> dict[str, str]:
    return audience_problems(
        kind=survey.audience,
        neighbourhood_count=survey.audience_neighbourhoods.count()
        if survey.audience == AudienceKind.NEIGHBOURHOODS
        else 0,
        tenure=survey.audience_tenure,
        resident_count=survey.audience_residents.count() if survey.audience == AudienceKind.CHOSEN else 0,
        sample_size=survey.sample_size,
        panel_chosen=survey.audience_panel_id is not None,
    )


def largest_remainder(sizes: dict, total: int) -> dict:
    """Proportional allocation of total among strata of these sizes (Hamilton's method), as the SQL does it:
    each stratum gets the whole part of its share, and the places left go to the largest remainders (ties to
    the larger stratum, then by key). Used by tests to check the database's allocation."""
    pool = sum(sizes.values())
    want = min(total, pool)
    if not pool:
        return {key: 0 for key in sizes}
    base = {key: want * size // pool for key, size in sizes.items()}
    left = want - sum(base.values())
    order = sorted(sizes, key=lambda key: (-(want * sizes[key] % pool), -sizes[key], key))
    for key in order[:left]:
        base[key] += 1
    return base


# The SQL -----------------------------------------------------------------------------------------------

_t = {
    "resident": Resident._meta.db_table,
    "home": Home._meta.db_table,
    "block": Block._meta.db_table,
    "preferences": Preferences._meta.db_table,
    "user": User._meta.db_table,
    "invitation": Invitation._meta.db_table,
    "wave": SurveyWave._meta.db_table,
    "neighbourhoods": Survey.audience_neighbourhoods.through._meta.db_table,
    "residents": Survey.audience_residents.through._meta.db_table,
}

_AUDIENCE_FILTER = {
    AudienceKind.EVERYONE: "TRUE",
    AudienceKind.SAMPLE: "TRUE",
    AudienceKind.NEIGHBOURHOODS: (
        f"b.neighbourhood_id IN (SELECT neighbourhood_id FROM {_t['neighbourhoods']} WHERE survey_id = %(survey)s)"
    ),
    AudienceKind.TENURE: "h.tenure = %(tenure)s",
    AudienceKind.CHOSEN: f"r.id IN (SELECT resident_id FROM {_t['residents']} WHERE survey_id = %(survey)s)",
    AudienceKind.PANEL: "r.id IN ({panel_members})",
}


def _panel_members(survey: Survey, on) -> tuple[str, dict]:
    """The SQL of the panel's current members (Membership.objects.current(), the one definition of who is on a
    panel), with its parameters renamed to fit this statement's named ones."""
    members = Membership.objects.current(on=on).filter(panel_id=survey.audience_panel_id).values("resident_id")
    sql, values = members.query.sql_with_params()
    names = [f"panel_{number}" for number in range(len(values))]
    return sql % tuple(f"%({name})s" for name in names), dict(zip(names, values, strict=True))


# Every resident the audience covers, with the first reason they are left out (NULL: they are asked).
# Each reason is an index probe per resident (EXISTS on the invitations' (survey, resident) and (resident,
# created_at) indexes): IN (subquery) would be hashed only while the invitations fit in work_mem, and past
# that PostgreSQL rescans the whole list for every resident.
_BASE = f"""
base AS (
    SELECT r.id AS resident_id, {{place_columns}},
           COALESCE(NULLIF(u.email, ''), NULLIF(r.email, '')) AS address,
           CASE
               WHEN p.do_not_contact THEN '{DO_NOT_CONTACT}'
               WHEN p.survey_opt_out THEN '{SURVEY_OPT_OUT}'
               WHEN EXISTS (SELECT 1 FROM {_t["invitation"]} i WHERE i.survey_id = %(survey)s AND i.resident_id = r.id)
                   THEN '{ALREADY_ASKED}'
               WHEN EXISTS (
                   SELECT 1 FROM {_t["invitation"]} i WHERE i.resident_id = r.id AND i.created_at >= %(rest_since)s
               ) THEN '{RECENTLY_INVITED}'
           END AS excluded
    FROM {_t["resident"]} r
    {{place_joins}}
    LEFT JOIN {_t["preferences"]} p ON p.resident_id = r.id
    LEFT JOIN {_t["user"]} u ON u.id = r.user_id
    WHERE {{audience}}
),
eligible AS (SELECT * FROM base WHERE excluded IS NULL)
"""

_EVERYONE = "chosen AS (SELECT * FROM eligible)"

# A random sample of %(size)s, allocated to neighbourhood x tenure strata in proportion to their size
# (largest remainder), drawn at random within each stratum.
_SAMPLE = """
strata AS (SELECT neighbourhood_id, tenure, count(*) AS n FROM eligible GROUP BY neighbourhood_id, tenure),
total AS (
    SELECT COALESCE(sum(n), 0)::bigint AS pool, LEAST(%(size)s, COALESCE(sum(n), 0))::bigint AS want FROM strata
),
shares AS (
    SELECT s.neighbourhood_id, s.tenure, s.n, t.want,
           (t.want * s.n) / t.pool AS whole, (t.want * s.n) %% t.pool AS remainder
    FROM strata s CROSS JOIN total t
),
quotas AS (
    SELECT neighbourhood_id, tenure,
           whole + CASE WHEN ROW_NUMBER() OVER (ORDER BY remainder DESC, n DESC, neighbourhood_id, tenure)
                             <= want - sum(whole) OVER () THEN 1 ELSE 0 END AS quota
    FROM shares
),
drawn AS (
    SELECT e.*, ROW_NUMBER() OVER (PARTITION BY e.neighbourhood_id, e.tenure ORDER BY random()) AS draw
    FROM eligible e
),
chosen AS (
    SELECT d.* FROM drawn d
    JOIN quotas q ON q.neighbourhood_id = d.neighbourhood_id AND q.tenure = d.tenure
    WHERE d.draw <= q.quota
)
"""

_COUNTS = """
SELECT (SELECT count(*) FROM base),
       (SELECT COALESCE(jsonb_object_agg(excluded, n), '{}'::jsonb)
          FROM (SELECT excluded, count(*) AS n FROM base WHERE excluded IS NOT NULL GROUP BY excluded) x),
       (SELECT count(*) FROM chosen),
       (SELECT count(*) FROM chosen WHERE address IS NOT NULL),
       {inserted}
"""
_INSERTED = "(SELECT count(*) FROM inserted), (SELECT min(id) FROM inserted), (SELECT max(id) FROM inserted)"

# The fan-out: one INSERT ... SELECT (the link's token is the signed id, so nothing is generated per row). The
# callers hold the survey's row lock, so no other statement invites for this survey meanwhile; residents this
# survey already asked are left out above, and a wave already sent writes nothing (a sample drawn again would
# pick other residents). The unique (survey, resident) constraint stays the last word: a duplicate fails the
# whole statement rather than being skipped. Rows go in resident order, so every index grows at its end.
_INSERT = f"""
, inserted AS (
    INSERT INTO {_t["invitation"]}
        (survey_id, wave_id, resident_id, channel, created_at, reminders_sent, responded)
    SELECT %(survey)s, %(wave)s, resident_id,
           CASE WHEN address IS NULL THEN '{InvitationChannel.OFFLINE}' ELSE '{InvitationChannel.EMAIL}' END,
           %(now)s, 0, FALSE
    FROM chosen
    WHERE (SELECT published_at FROM {_t["wave"]} WHERE id = %(wave)s) IS NULL
    ORDER BY resident_id
    RETURNING id
)
"""


# Where each resident lives, for the audiences that filter or sample by it (the others skip two joins).
_PLACE_COLUMNS = "b.neighbourhood_id, h.tenure"
_PLACE_JOINS = f"""JOIN {_t["home"]} h ON h.id = r.home_id
    JOIN {_t["block"]} b ON b.id = h.block_id"""
_BY_PLACE = {AudienceKind.NEIGHBOURHOODS, AudienceKind.TENURE, AudienceKind.SAMPLE}


def _statement(survey: Survey, *, insert: bool, now) -> tuple[str, dict]:
    """The statement and the parameters its audience adds."""
    kind = AudienceKind(survey.audience)
    chosen = _SAMPLE if kind == AudienceKind.SAMPLE else _EVERYONE
    by_place = kind in _BY_PLACE
    audience, params = _AUDIENCE_FILTER[kind], {}
    if kind == AudienceKind.PANEL:
        members, params = _panel_members(survey, timezone.localdate(now))
        audience = audience.replace("{panel_members}", members)
    base = (
        _BASE.replace("{audience}", audience)
        .replace("{place_columns}", _PLACE_COLUMNS if by_place else "NULL::bigint AS neighbourhood_id, NULL AS tenure")
        .replace("{place_joins}", _PLACE_JOINS if by_place else "")
    )
    sql = "WITH " + base + ",\n" + chosen
    if insert:
        sql += _INSERT
    return sql + _COUNTS.replace("{inserted}", _INSERTED if insert else "0, NULL, NULL"), params


def staff_members():
    """Who a staff survey asks: the portal's active users with the staff role (administrators and the Board are
    not staff for this)."""
    return User.objects.filter(role=Role.STAFF, is_active=True)


def _run_staff(survey: Survey, *, wave: SurveyWave | None, now) -> AudienceCount:
    """A staff survey's audience, and its fan-out: one StaffInvitation per member of staff not yet asked, each
    told by email through the outbox (three queries for a preview, five for a wave, whatever the number of
    staff). Staff have no contact preferences or survey rest period: the pulse is part of the job."""
    staff = staff_members()
    asked = StaffInvitation.objects.filter(survey=survey).values("user_id")
    counts = staff.aggregate(considered=Count("pk"), already=Count("pk", filter=Q(pk__in=asked)))
    chosen = list(staff.exclude(pk__in=asked).order_by("pk").values_list("pk", "email"))
    invited = 0
    if wave is not None and wave.published_at is None and chosen:
        StaffInvitation.objects.bulk_create(
            [StaffInvitation(survey=survey, wave=wave, user_id=pk, created_at=now) for pk, _ in chosen]
        )
        invited = len(chosen)
        link = settings.SITE_URL + reverse("surveys:staff_survey_answer", args=[survey.pk])
        outbox.queue_emails(
            [
                outbox.email(
                    template="staff_survey_invitation",
                    key=f"staff-survey:{survey.pk}:{pk}",
                    to=address,
                    context={"survey": survey, "link": link},
                )
                for pk, address in chosen
            ]
        )
    return AudienceCount(
        considered=counts["considered"],
        exclusions={reason: counts["already"] if reason == ALREADY_ASKED else 0 for reason in EXCLUSION_ORDER},
        audience=len(chosen),
        by_email=sum(1 for _, address in chosen if address),
        invited=invited,
    )


def _run(survey: Survey, *, wave: SurveyWave | None, now) -> AudienceCount:
    if survey.audience == AudienceKind.STAFF:
        return _run_staff(survey, wave=wave, now=now)
    sql, audience_params = _statement(survey, insert=wave is not None, now=now)
    params = {
        **audience_params,
        "survey": survey.pk,
        "tenure": survey.audience_tenure,
        "size": survey.sample_size or 0,
        "rest_since": now - timedelta(days=settings.SURVEY_REST_DAYS),
        "wave": wave.pk if wave else None,
        "now": now,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        considered, exclusions, audience, by_email, invited, first_id, last_id = cursor.fetchone()
    if isinstance(exclusions, str):  # Django has psycopg hand jsonb over as text
        exclusions = json.loads(exclusions)
    return AudienceCount(
        considered=considered,
        exclusions={reason: exclusions.get(reason, 0) for reason in EXCLUSION_ORDER},
        audience=audience,
        by_email=by_email,
        invited=invited,
        first_id=first_id,
        last_id=last_id,
    )


def count_audience(*, survey: Survey, now=None) -> AudienceCount:
    """Who the next wave would ask, and who it would leave out and why, without writing anything."""
    return _run(survey, wave=None, now=now or timezone.now())


def invite_wave(*, wave: SurveyWave, now=None) -> AudienceCount:
    """Write one invitation per resident the wave asks (one statement), and record the wave's counts.

    Call it with the wave locked (publish_survey, publish_due_waves do); running it again for a wave that has
    invitations writes nothing.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("invite_wave must run inside the transaction that publishes the wave.")
    now = now or timezone.now()
    result = _run(wave.survey, wave=wave, now=now)
    if wave.published_at is None:
        wave.audience_size = result.audience
        wave.invited = result.invited
        wave.exclusions = result.exclusions
        wave.published_at = now
        # The sending task walks this id range (see invitations.send_invitation_batch).
        wave.queued_through_id = (result.first_id or 1) - 1
        wave.last_invitation_id = result.last_id
        wave.save(
            update_fields=[
                "audience_size",
                "invited",
                "exclusions",
                "published_at",
                "queued_through_id",
                "last_invitation_id",
            ]
        )
    return result


def check_audience(survey: Survey) -> None:
    problems = survey_audience_problems(survey)
    if problems:
        raise ValidationError(problems)


# Staff choosing the audience -------------------------------------------------------------------------------


def _ensure_draft(survey: Survey) -> None:
    if not survey.is_draft:
        raise ValidationError("This survey has been published: who it asks can no longer change.")


@transaction.atomic
def set_audience(
    *,
    survey: Survey,
    kind: str,
    neighbourhoods,
    tenure: str,
    sample_size: int | None,
    panel=None,
    cadence: str,
    wave_count: int,
    reminder_after_days: int,
    reminder_limit: int,
) -> Survey:
    """Choose who a draft survey asks, how often, and how it reminds them. The hand-picked list is kept as
    it is (add_audience_residents changes it), so switching kinds back and forth loses nothing."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _ensure_draft(survey)
    survey.audience = kind
    survey.audience_tenure = tenure if kind == AudienceKind.TENURE else ""
    survey.sample_size = sample_size if kind == AudienceKind.SAMPLE else None
    survey.audience_panel = panel if kind == AudienceKind.PANEL else None
    survey.cadence = cadence
    survey.wave_count = wave_count if cadence != "once" else 1
    survey.reminder_after_days = reminder_after_days
    survey.reminder_limit = reminder_limit
    survey.save(
        update_fields=[
            "audience",
            "audience_tenure",
            "sample_size",
            "audience_panel",
            "cadence",
            "wave_count",
            "reminder_after_days",
            "reminder_limit",
            "updated_at",
        ]
    )
    survey.audience_neighbourhoods.set(neighbourhoods if kind == AudienceKind.NEIGHBOURHOODS else [])
    return survey


@transaction.atomic
def add_audience_residents(*, survey: Survey, residents) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _ensure_draft(survey)
    survey.audience_residents.add(*residents)
    return survey


@transaction.atomic
def remove_audience_residents(*, survey: Survey, residents) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _ensure_draft(survey)
    survey.audience_residents.remove(*residents)
    return survey
