"""The survey fan-out at register scale, for `manage.py bench`: bench_fan_out(stdout, residents).

Publishes one survey to the whole register, times it (the single INSERT ... SELECT, its indexes, its
foreign-key checks at commit and the wave's counts), and compares it with the floor for writing that many
rows: a COPY of the same number of rows, ready-made, into a scratch temporary table with no index. Then it
publishes again and shows that nothing more is written. The bench survey is removed afterwards, so its
invitations do not rest the register (SURVEY_REST_DAYS) for the next run or for anything else.
"""

import io
import time
import uuid

from django.db import connection, transaction
from django.utils import timezone

from residents.models import Resident
from surveys.models import AudienceKind, Invitation, Question, QuestionKind, Survey
from surveys.services import audience, invitations

TARGET_RATIO = 6.0
BENCH_TITLE = "Bench: fan-out to the whole register"


def _remove(survey_ids) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Invitation._meta.db_table} WHERE survey_id = ANY(%s)", [list(survey_ids)])
        Survey.objects.filter(pk__in=survey_ids).delete()


def _copy_seconds(rows: int, survey_id: int, wave_id: int) -> float:
    now = timezone.now().isoformat()
    lines = "".join(
        f"{survey_id}\t{wave_id}\t{n}\t{uuid.uuid4().hex}{uuid.uuid4().hex}\temail\t{now}\n" for n in range(rows)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_invitation_copy (survey_id bigint, wave_id bigint, resident_id bigint, "
            "token varchar(64), channel varchar(8), created_at timestamptz) ON COMMIT DROP"
        )
        started = time.perf_counter()
        cursor.copy_expert("COPY bench_invitation_copy FROM STDIN", io.StringIO(lines))
        cursor.execute("SELECT count(*) FROM bench_invitation_copy")
        assert cursor.fetchone()[0] == rows
        return time.perf_counter() - started


def bench_fan_out(stdout, residents: int) -> dict:
    register = Resident.objects.count()
    stdout.write(f"Survey fan-out: one survey to the whole register ({register:,} residents; asked for {residents:,})")
    if register < residents:
        stdout.write(f"  The register has fewer residents than asked for: seed it to {residents:,} first.")
    _remove(Survey.objects.filter(title=BENCH_TITLE).values_list("pk", flat=True))
    survey = Survey.objects.create(title=BENCH_TITLE, audience=AudienceKind.EVERYONE)
    Question.objects.create(survey=survey, position=1, kind=QuestionKind.TEXT, text="Anything to tell us?")
    try:
        started = time.perf_counter()
        wave = invitations.publish_survey(survey=survey)  # one transaction, committed: deferred FK checks included
        fan_out = time.perf_counter() - started
        copy = _copy_seconds(wave.invited, survey.pk, wave.pk)

        started = time.perf_counter()
        invitations.publish_survey(survey=survey)
        with transaction.atomic():
            rerun = audience.invite_wave(wave=wave)  # the statement itself, run again
        again = time.perf_counter() - started
        total = Invitation.objects.filter(survey=survey).count()
    finally:
        _remove([survey.pk])

    ratio = fan_out / copy if copy else float("inf")
    verdict = "ok" if ratio <= TARGET_RATIO else "FAIL"
    excluded = ", ".join(f"{audience.exclusion_label(k)}: {v:,}" for k, v in wave.exclusions.items() if v) or "none"
    stdout.write(f"  invited {wave.invited:,} ({wave.audience_size:,} in the audience; left out: {excluded})")
    stdout.write(f"  publish (INSERT ... SELECT, committed): {fan_out * 1000:,.0f} ms")
    stdout.write(f"  COPY of {wave.invited:,} rows into a temporary table: {copy * 1000:,.0f} ms")
    stdout.write(f"  ratio {ratio:.1f}x (target at most {TARGET_RATIO:g}x): {verdict}")
    stdout.write(
        f"  publish again: {rerun.invited} new invitations in {again * 1000:,.0f} ms; {total:,} invitations in all"
    )
    return {
        "invited": wave.invited,
        "fan_out_ms": fan_out * 1000,
        "copy_ms": copy * 1000,
        "ratio": ratio,
        "again_inserted": rerun.invited,
        "total": total,
    }
