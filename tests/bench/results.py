"""How the survey results page holds up at a million answers: `make bench` calls bench_results(stdout).

It builds (once) a survey with 1,000,000 answers straight in SQL (INSERT ... SELECT generate_series), then
times the results page and its breakdown through django.test.Client, signed in as the bench's staff member
(with two-factor authentication, through the full middleware stack, DEBUG off), against the raw SQL aggregate
that gives the same numbers. The page does that aggregate plus a bounded number of small queries, so the
target is a median at most TARGET_RATIO times the raw query's.

It is a report: it never raises on a slow page, and marks a page over the target FAIL.
"""

import statistics
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from residents.models import Neighbourhood
from surveys.models import Anonymity, Answer, Choice, Question, QuestionKind, Survey, SurveyStatus
from surveys.services.results import BREAKDOWN_SQL, RESULTS_SQL

from .pages import HOST, bench_user

TITLE = "Bench: results at a million answers"
RESPONSES = 200_000  # each gives five answers: a rating, yes or no, two ticks and a comment
TARGET_RATIO = 1.5
REQUESTS = 15
WARM_UP = 2


def build_survey(stdout) -> Survey:
    """The bench survey with its million answers, made once and reused."""
    survey = Survey.objects.filter(title=TITLE).first()
    if survey and Answer.objects.filter(survey=survey).count() >= 5 * RESPONSES:
        return survey
    if survey:
        survey.delete()
    started = time.monotonic()
    with transaction.atomic():
        survey = Survey.objects.create(title=TITLE, status=SurveyStatus.PUBLISHED, anonymity=Anonymity.ANONYMOUS)
        specs = [
            (
                QuestionKind.SCALE,
                "How satisfied are you?",
                ["Very", "Fairly", "Neither", "Fairly not", "Very not", "DK"],
            ),
            (QuestionKind.YES_NO, "Have you had a repair?", ["Yes", "No"]),
            (QuestionKind.MULTIPLE, "What matters most?", ["Repairs", "Cleaning", "Safety", "Parking"]),
            (QuestionKind.TEXT, "Anything else?", []),
        ]
        questions = Question.objects.bulk_create(
            Question(survey=survey, position=i, kind=kind, text=text) for i, (kind, text, _) in enumerate(specs, 1)
        )
        Choice.objects.bulk_create(
            Choice(question=q, position=i, label=label, positive=i <= 2, outside_base=label == "DK")
            for q, (_, _, labels) in zip(questions, specs, strict=True)
            for i, label in enumerate(labels, 1)
        )
        choice_ids = {q.pk: list(q.choices.order_by("position").values_list("id", flat=True)) for q in questions}
        areas = list(Neighbourhood.objects.values_list("id", flat=True)[:20])
        if not areas:
            areas = [Neighbourhood.objects.create(name=f"Bench area {n}").pk for n in range(1, 11)]
        scale, yes_no, multiple, text = questions
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO surveys_response (id, survey_id, channel, draft, updated_at, submitted_on, neighbourhood_id,
                                              tenure, age_band, sex, ethnicity, disability)
                SELECT gen_random_uuid(), %(survey)s, 'portal', '{}'::jsonb, now(), current_date - (g %% 90),
                       (%(areas)s::bigint[])[1 + g %% cardinality(%(areas)s::bigint[])],
                       (ARRAY['lcra', 'lcra', 'lcra', 'lcho'])[1 + g %% 4],
                       (ARRAY['16-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+', ''])[1 + g %% 8],
                       (ARRAY['female', 'male', 'not_said', ''])[1 + g %% 4],
                       (ARRAY['asian', 'black', 'mixed', 'white', 'white', 'white', 'other', ''])[1 + g %% 8],
                       (ARRAY['yes', 'no', 'no', ''])[1 + g %% 4]
                FROM generate_series(1, %(n)s) AS g
                """,
                {"survey": survey.pk, "areas": areas, "n": RESPONSES},
            )
            cursor.execute(
                """
                WITH r AS (SELECT id, row_number() OVER () AS n FROM surveys_response WHERE survey_id = %(survey)s)
                INSERT INTO surveys_answer (response_id, survey_id, question_id, choice_id, text)
                SELECT id, %(survey)s, %(scale)s, (%(scale_choices)s::bigint[])[1 + (n * 7) %% 6], '' FROM r
                UNION ALL SELECT id, %(survey)s, %(yes_no)s, (%(yes_no_choices)s::bigint[])[1 + n %% 2], '' FROM r
                UNION ALL SELECT id, %(survey)s, %(multiple)s, (%(multiple_choices)s::bigint[])[1 + n %% 4], '' FROM r
                UNION ALL SELECT id, %(survey)s, %(multiple)s, (%(multiple_choices)s::bigint[])[1 + (n + 1) %% 4], ''
                          FROM r
                UNION ALL SELECT id, %(survey)s, %(text)s, NULL, 'Comment number ' || n FROM r
                """,
                {
                    "survey": survey.pk,
                    "scale": scale.pk,
                    "scale_choices": choice_ids[scale.pk],
                    "yes_no": yes_no.pk,
                    "yes_no_choices": choice_ids[yes_no.pk],
                    "multiple": multiple.pk,
                    "multiple_choices": choice_ids[multiple.pk],
                    "text": text.pk,
                },
            )
            cursor.execute("ANALYZE surveys_response")
            cursor.execute("ANALYZE surveys_answer")
    stdout.write(f"Built the bench survey ({5 * RESPONSES:,} answers) in {time.monotonic() - started:.1f}s.")
    return survey


def timed(*runs, requests: int = REQUESTS) -> list[list[float]]:
    """Milliseconds per run, taken in turn so that a slow moment on the machine hits each alike."""
    for _ in range(WARM_UP):
        for run in runs:
            run()
    timings: list[list[float]] = [[] for _ in runs]
    for _ in range(requests):
        for run, times in zip(runs, timings, strict=True):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
    return timings


def raw(statements: list[str], survey: Survey, multiple: list[int]):
    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql, {"survey": survey.pk, "multiple": multiple})
                cursor.fetchall()

    return run


def page(client: Client, url: str):
    def run():
        response = client.get(url, secure=True)
        assert response.status_code == 200, response.status_code

    return run


def bench_results(stdout) -> list[dict]:
    """Time the results page and its breakdown against the raw aggregates; write a report; return the rows."""
    survey = build_survey(stdout)
    answers = Answer.objects.filter(survey=survey).count()
    rows = []
    with override_settings(DEBUG=False, ALLOWED_HOSTS=[HOST]):
        client = Client(HTTP_HOST=HOST)
        client.force_login(bench_user("staff"))
        url = reverse("surveys:results", args=[survey.pk])
        multiple = list(survey.questions.filter(kind=QuestionKind.MULTIPLE).values_list("id", flat=True))
        # The breakdown page shows the plain results too, so its yardstick is both aggregates.
        cases = [
            ("Results page", url, [RESULTS_SQL]),
            (
                "Results by neighbourhood",
                f"{url}?by=neighbourhood",
                [RESULTS_SQL, BREAKDOWN_SQL.format(column="neighbourhood_id")],
            ),
        ]
        for label, target, statements in cases:
            sql_times, page_times = timed(raw(statements, survey, multiple), page(client, target))
            sql_ms, page_ms = statistics.median(sql_times), statistics.median(page_times)
            with CaptureQueriesContext(connection) as queries:
                client.get(target, secure=True)
            rows.append(
                {
                    "label": label,
                    "page_ms": page_ms,
                    "sql_ms": sql_ms,
                    "ratio": page_ms / sql_ms,
                    "queries": len(queries),
                }
            )
    stdout.write(f"\nSurvey results at {answers:,} answers; median of {REQUESTS} requests after {WARM_UP} warm-up.")
    header = f"{'page':<28} {'page ms':>9} {'raw SQL ms':>11} {'ratio':>7} {'queries':>8}"
    stdout.write(header)
    stdout.write("-" * len(header))
    for row in rows:
        verdict = "pass" if row["ratio"] <= TARGET_RATIO else "FAIL"
        stdout.write(
            f"{row['label']:<28} {row['page_ms']:>9.1f} {row['sql_ms']:>11.1f} {row['ratio']:>6.2f}x "
            f"{row['queries']:>8}  {verdict}"
        )
    stdout.write(f"Target: each page's median at most {TARGET_RATIO:g}x the raw aggregate's.")
    return rows
