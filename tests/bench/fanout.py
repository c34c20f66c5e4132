"""The survey fan-out at register scale, for `make bench`: bench_fan_out(stdout, residents).

Publishes one survey to the whole register, times it (the single INSERT ... SELECT, its indexes, its
foreign-key checks at commit and the wave's counts), and compares it with the floor for writing that many
rows: a COPY of the same rows, ready-made, into a scratch table of the same shape with no index or constraint,
committed. Then it
publishes again and shows that nothing more is written. The bench survey is removed afterwards, so its
invitations do not rest the register (SURVEY_REST_DAYS) for the next run or for anything else.
"""

import io
import statistics
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from residents.models import Resident
from surveys.models import AudienceKind, Invitation, Question, QuestionKind, Survey
from surveys.services import audience, invitations
from surveys.services.building import QuestionSpec, add_question

from .pages import HOST

TARGET_RATIO = 6.0
ROUNDS = 5
BENCH_TITLE = "Bench: fan-out to the whole register"


def remove_surveys(survey_ids) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Invitation._meta.db_table} WHERE survey_id = ANY(%s)", [list(survey_ids)])
        Survey.objects.filter(pk__in=survey_ids).delete()
    # What autovacuum does on a live database: without it each round would pay for the last one's dead rows.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Invitation._meta.db_table}")


def _copy_seconds(rows: int, survey_id: int, wave_id: int) -> float:
    """COPY the same rows (every column an invitation row has when published) into a scratch table of the
    same shape, with no index or constraint, committed: the floor for writing them."""
    table = Invitation._meta.db_table
    now = timezone.now().isoformat()
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
        columns = [name for (name,) in cursor.fetchall()]
    values = {"survey_id": survey_id, "wave_id": wave_id, "channel": "email", "created_at": now}
    values |= {"reminders_sent": 0, "responded": "f"}
    lines = "".join(
        "\t".join(str(n) if c in ("id", "resident_id") else str(values.get(c, "\\N")) for c in columns) + "\n"
        for n in range(1, rows + 1)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS bench_invitation_copy; CREATE TABLE bench_invitation_copy (LIKE {table})")
    try:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.copy_expert(f"COPY bench_invitation_copy ({', '.join(columns)}) FROM STDIN", io.StringIO(lines))
        elapsed = time.perf_counter() - started  # committed, as the publish is
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM bench_invitation_copy")
            assert cursor.fetchone()[0] == rows
        return elapsed
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_invitation_copy")


def _publish_once() -> tuple[float, float, dict]:
    """One round: publish a fresh survey to the register and COPY the same rows; (publish s, copy s, facts)."""
    survey = Survey.objects.create(title=BENCH_TITLE, audience=AudienceKind.EVERYONE)
    Question.objects.create(survey=survey, position=1, kind=QuestionKind.TEXT, text="Anything to tell us?")
    try:
        started = time.perf_counter()
        wave = invitations.publish_survey(survey=survey)  # one transaction, committed
        fan_out = time.perf_counter() - started
        copy = _copy_seconds(wave.invited, survey.pk, wave.pk)

        started = time.perf_counter()
        invitations.publish_survey(survey=survey)
        with transaction.atomic():
            rerun = audience.invite_wave(wave=wave)  # the statement itself, run again
        again = time.perf_counter() - started
        facts = {
            "wave": wave,
            "again_ms": again * 1000,
            "again_inserted": rerun.invited,
            "total": Invitation.objects.filter(survey=survey).count(),
        }
    finally:
        remove_surveys([survey.pk])
    return fan_out, copy, facts


def bench_fan_out(stdout, residents: int, rounds: int = ROUNDS) -> dict:
    register = Resident.objects.count()
    stdout.write(f"Survey fan-out: one survey to the whole register ({register:,} residents; asked for {residents:,})")
    if register < residents:
        stdout.write(f"  The register has fewer residents than asked for: seed it to {residents:,} first.")
    remove_surveys(Survey.objects.filter(title=BENCH_TITLE).values_list("pk", flat=True))
    publishes, copies = [], []
    for _ in range(rounds):  # publish and COPY in turn, so a slow moment on the machine hits both alike
        fan_out, copy, facts = _publish_once()
        publishes.append(fan_out)
        copies.append(copy)
    fan_out, copy = statistics.median(publishes), statistics.median(copies)
    wave = facts["wave"]

    ratio = fan_out / copy if copy else float("inf")
    verdict = "pass" if ratio <= TARGET_RATIO else "FAIL"
    excluded = ", ".join(f"{audience.exclusion_label(k)}: {v:,}" for k, v in wave.exclusions.items() if v) or "none"
    stdout.write(f"  invited {wave.invited:,} ({wave.audience_size:,} in the audience; left out: {excluded})")
    stdout.write(f"  median of {rounds} rounds:")
    stdout.write(f"  publish (INSERT ... SELECT, committed): {fan_out * 1000:,.0f} ms")
    stdout.write(f"  COPY of the same {wave.invited:,} rows into a scratch table, committed: {copy * 1000:,.0f} ms")
    stdout.write(f"  ratio {ratio:.1f}x (target at most {TARGET_RATIO:g}x): {verdict}")
    stdout.write(
        f"  publish again: {facts['again_inserted']} new invitations in {facts['again_ms']:,.0f} ms; "
        f"{facts['total']:,} invitations in all"
    )
    return {
        "invited": wave.invited,
        "fan_out_ms": fan_out * 1000,
        "copy_ms": copy * 1000,
        "ratio": ratio,
        "again_inserted": facts["again_inserted"],
        "total": facts["total"],
    }


SUBMIT_TITLE = "Bench: a ten-question response"
SUBMISSIONS = 40


def ten_question_survey(residents: list) -> Survey:
    """Ten questions of every kind, published to these residents (one invitation each)."""
    survey = Survey.objects.create(title=SUBMIT_TITLE, audience=AudienceKind.CHOSEN)
    kinds = [QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TEXT]
    for number in range(10):
        kind = kinds[number % len(kinds)]
        add_question(
            survey=survey,
            spec=QuestionSpec(
                kind=kind,
                text=f"Question {number + 1}",
                options=("First", "Second", "Third") if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else (),
                scale="satisfaction" if kind == QuestionKind.SCALE else "",
            ),
        )
    audience.add_audience_residents(survey=survey, residents=residents)
    invitations.publish_survey(survey=survey)
    # On a live database the invitations of many surveys span the whole register. Here the table holds a few
    # dozen besides these, and statistics describing only those led PostgreSQL to merge-join an invitation
    # with the whole index of residents (100 ms a submission instead of 30).
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Invitation._meta.db_table}")
    return survey


def form_data(survey: Survey) -> dict:
    data = {}
    for question in survey.questions.prefetch_related("choices"):
        choices = [str(c.pk) for c in question.choices.all()]
        if question.kind == QuestionKind.MULTIPLE:
            data[f"q{question.pk}"] = choices[:2]
        elif choices:
            data[f"q{question.pk}"] = choices[0]
        else:
            data[f"q{question.pk}"] = "The lift has been broken for a week and the stairs are dark."
    return data


def bench_submit(stdout, submissions: int = SUBMISSIONS) -> dict:
    """Send a ten-question response through the answer page, each from its own invitation link: the queries
    one submission costs (the same whatever the number of questions: the answers go in with one insert) and
    its latency through the full middleware stack."""
    remove_surveys(Survey.objects.filter(title=SUBMIT_TITLE).values_list("pk", flat=True))
    residents = list(Resident.objects.order_by("-id")[:submissions])
    survey = ten_question_survey(residents)
    data = form_data(survey)
    url = reverse("surveys:answer", args=[survey.pk])
    timings, queries = [], 0
    try:
        with override_settings(DEBUG=False, ALLOWED_HOSTS=[HOST]):
            for number, invitation in enumerate(Invitation.objects.filter(survey=survey).order_by("id")):
                client = Client(HTTP_HOST=HOST)
                client.get(reverse("surveys:token_entry", args=[invitation.token]), secure=True)
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.post(url, data, secure=True)
                    elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200 and b"Thank you" in response.content, response.status_code
                if number:  # the first pays for warming caches
                    timings.append(elapsed)
                queries = len(captured)
        answered = Invitation.objects.filter(survey=survey, responded=True).count()
    finally:
        remove_surveys([survey.pk])
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[-1]
    stdout.write(
        f"Submitting a ten-question response through the answer page ({answered} submissions): "
        f"median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries each."
    )
    return {"median_ms": median, "p95_ms": p95, "queries": queries, "answered": answered}
