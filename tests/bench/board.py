"""How the Board dashboard holds up at 100,000 residents, a million survey answers and 50,000 feedback items:
`make bench` calls bench_board(stdout).

The dashboard is requested through django.test.Client, signed in as the bench's Board member (with two-factor
authentication, through the full middleware stack, DEBUG off), for the last 12 months (what a Board member sees
first) and for the last reporting year that has ended. Against each: the same aggregates as raw SQL, that is the
SQL the dashboard sends when nothing is cached yet and no year is frozen (captured from one request after the cache
is cleared and the frozen years deleted), run through a cursor one after the other. The timed requests then read
the register's side from the cache (under the register's version) and the ended year from its frozen figures, as a
Board member's would. The target is a median at most TARGET_RATIO times the raw SQL's.

It is a report: it never raises on a slow page, and marks a page over the target FAIL.
"""

import statistics
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from engagement.board.models import FrozenYear
from engagement.board.periods import periods

from .pages import HOST, bench_user

TARGET_RATIO = 1.5
REQUESTS = 15
WARM_UP = 2


@dataclass
class Measured:
    label: str
    url: str
    timings: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    queries: int = 0
    slowest: list[tuple[float, str]] = field(default_factory=list)
    error: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.timings)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.timings, n=20, method="inclusive")[-1]

    @property
    def raw_median(self) -> float:
        return statistics.median(self.raw)

    @property
    def ratio(self) -> float:
        return self.median / self.raw_median if self.raw_median else float("nan")


def _get(client: Client, url: str):
    return client.get(url, secure=True)


def _raw(statements: list[str]) -> float:
    """Milliseconds to run these statements through a cursor and fetch every row."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def targets() -> list[Measured]:
    board = reverse("board_home")
    ended = next((p for p in periods(timezone.localdate()) if p.kind == "year" and p.ended), None)
    found = [Measured("Board dashboard, last 12 months", board)]
    if ended:
        found.append(Measured(f"Board dashboard, {ended.label}", f"{board}?period={ended.key}"))
    return found


def measure(client: Client, target: Measured, requests: int) -> None:
    try:
        # Nothing cached and no year frozen: the raw side runs every aggregate the figures come from.
        cache.clear()
        FrozenYear.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            response = _get(client, target.url)
        if response.status_code != 200:
            target.error = f"HTTP {response.status_code}"
            return
        # The aggregates only: the session and the user are read for any page.
        statements = [q["sql"] for q in captured.captured_queries if "django_session" not in q["sql"]]
        target.queries = len(captured)
        for _ in range(WARM_UP):
            _get(client, target.url)
            _raw(statements)
        for _ in range(requests):
            started = time.perf_counter()
            _get(client, target.url)
            target.timings.append((time.perf_counter() - started) * 1000)
            target.raw.append(_raw(statements))
        target.slowest = sorted(((_raw([sql]), sql) for sql in statements), reverse=True)[:3]
    except Exception as error:  # a report: one broken page must not hide the others
        target.error = f"{type(error).__name__}: {error}"


def bench_board(stdout, requests: int = REQUESTS, verbose: bool = False) -> list[Measured]:
    found = targets()
    with override_settings(DEBUG=False, ALLOWED_HOSTS=[HOST]):
        client = Client(HTTP_HOST=HOST)
        client.force_login(bench_user("board"))
        for target in found:
            measure(client, target, requests)
    stdout.write(
        f"\nBoard dashboard: {requests} timed requests after {WARM_UP} warm-up, DEBUG off, against the SQL it sends "
        "with nothing cached, run through a cursor."
    )
    header = f"{'page':<48} {'median ms':>10} {'p95 ms':>8} {'raw SQL ms':>11} {'queries':>8} {'ratio':>6}"
    stdout.write(header)
    stdout.write("-" * len(header))
    for target in found:
        if target.error:
            stdout.write(f"{target.label:<48} FAIL: {target.error}")
            continue
        verdict = "pass" if target.ratio <= TARGET_RATIO else "FAIL"
        stdout.write(
            f"{target.label:<48} {target.median:>10.1f} {target.p95:>8.1f} {target.raw_median:>11.1f} "
            f"{target.queries:>8} {target.ratio:>5.2f}x  {verdict}"
        )
        if verbose:
            for ms, sql in target.slowest:
                stdout.write(f"    {ms:8.1f} ms  {sql[:300]}")
    stdout.write(f"Target: the dashboard's median at most {TARGET_RATIO:g}x its aggregates run as raw SQL.")
    return found
