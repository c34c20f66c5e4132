"""Many people at once, for `make bench`: 20 clients against gunicorn with 2 workers, 30 seconds a scenario.

The in-process figures (pages.py) say what one request costs; these say what the portal serves when residents
and staff use it together: the resident home and the feedback queue read by signed-in clients, and survey
responses submitted through the answer page, each from its own invitation link (open the link, read the form
and its CSRF token, post ten answers). Each scenario reports requests served, throughput, median and 95th
percentile latency, and errors, which must be 0: a refused or failed request, or a submission that did not
end on the thank-you page.

gunicorn runs the product's WSGI application with DEBUG off against the same database, with this process's
SECRET_KEY (sessions and invitation links are signed with it).
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

from django.conf import settings
from django.test import Client
from django.urls import reverse

from residents.models import Resident
from surveys.models import Invitation, Survey

from .fanout import form_data, remove_surveys, ten_question_survey
from .pages import HOST, bench_user

BASE_DIR = Path(__file__).resolve().parents[2]
CLIENTS = 20
WORKERS = 2
SECONDS = 30
TIMEOUT = 30
CONCURRENT_TITLE = "Bench: responses submitted at once"
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Scenario:
    label: str
    timings: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, elapsed_ms: float | None, error: str = "") -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.timings.append(elapsed_ms)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_gunicorn(port: int) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        STATIC_MANIFEST="false",
        LOG_LEVEL="WARNING",
    )
    command = [sys.executable, "-m", "gunicorn", "engagement.wsgi", "--workers", str(WORKERS)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}") from None
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start listening within 30 s")


def _session_cookie(persona: str) -> str:
    client = Client(HTTP_HOST=HOST)
    client.force_login(bench_user(persona))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _read(base: str, path: str, cookie: str, scenario: Scenario, deadline: float) -> None:
    opener = build_opener()
    while time.monotonic() < deadline:
        request = Request(base + path, headers={"Cookie": cookie})
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=TIMEOUT) as response:
                response.read()
                status = response.status
        except HTTPError as error:
            status = error.code
        except (URLError, OSError) as error:
            scenario.record(None, f"{type(error).__name__}: {error}")
            continue
        elapsed = (time.perf_counter() - started) * 1000
        scenario.record(elapsed, "" if status == 200 else f"HTTP {status}")


def _submit(base: str, links: deque, answer_path: str, data: dict, scenario: Scenario, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            link = links.popleft()
        except IndexError:
            return  # every invitation answered: the report says how many
        opener = build_opener(HTTPCookieProcessor(CookieJar()))
        try:
            with opener.open(base + link, timeout=TIMEOUT) as response:  # the link, then the form it leads to
                page = response.read()
            token = CSRF_FIELD.search(page)
            if token is None:
                scenario.record(None, "no form on the answer page")
                continue
            body = urlencode(data | {"csrfmiddlewaretoken": token.group(1).decode()}, doseq=True).encode()
            request = Request(base + answer_path, data=body)
            started = time.perf_counter()
            with opener.open(request, timeout=TIMEOUT) as response:
                answer = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            scenario.record(elapsed, "" if b"Thank you" in answer else "the answer did not reach the thank-you page")
        except HTTPError as error:
            scenario.record(None, f"HTTP {error.code}")
        except (URLError, OSError) as error:
            scenario.record(None, f"{type(error).__name__}: {error}")


def _run(scenario: Scenario, target, args: tuple, *, clients: int, seconds: float) -> Scenario:
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=target, args=(*args, scenario, deadline)) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    scenario.seconds = time.monotonic() - started
    return scenario


def bench_concurrency(stdout, style, *, clients: int = CLIENTS, seconds: float = SECONDS) -> list[Scenario]:
    resident_cookie, staff_cookie = _session_cookie("resident"), _session_cookie("staff")
    # Enough invitations for the submissions of the whole run (a response per invitation).
    remove_surveys(_concurrent_surveys())
    residents = list(Resident.objects.order_by("-id")[: max(2000, clients * int(seconds) * 8)])
    survey = ten_question_survey(residents)
    survey.title = CONCURRENT_TITLE
    survey.save(update_fields=["title"])
    data = form_data(survey)
    links = deque(
        reverse("surveys:token_entry", args=[invitation.token])
        for invitation in Invitation.objects.filter(survey=survey).order_by("id")
    )
    invited = len(links)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = _start_gunicorn(port)
    scenarios = []
    try:
        reads = [("Resident home", reverse("residents:home"), resident_cookie)]
        reads.append(("Feedback queue", reverse("residents:feedback_queue"), staff_cookie))
        for label, path, cookie in reads:
            scenarios.append(_run(Scenario(label), _read, (base, path, cookie), clients=clients, seconds=seconds))
        answer_path = reverse("surveys:answer", args=[survey.pk])
        submit = Scenario("Survey submission (10 questions)")
        scenarios.append(_run(submit, _submit, (base, links, answer_path, data), clients=clients, seconds=seconds))
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        remove_surveys([survey.pk])
    _report(stdout, style, scenarios, clients=clients, seconds=seconds, invited=invited)
    return scenarios


def _concurrent_surveys() -> list[int]:
    return list(Survey.objects.filter(title=CONCURRENT_TITLE).values_list("pk", flat=True))


def _report(stdout, style, scenarios: list[Scenario], *, clients: int, seconds: float, invited: int) -> None:
    stdout.write(
        f"\nAt once: {clients} clients against gunicorn with {WORKERS} workers, {seconds:g} s a scenario, DEBUG off "
        f"({invited:,} invitations ready for the submissions)."
    )
    header = f"{'scenario':<36} {'served':>8} {'per s':>8} {'median ms':>10} {'p95 ms':>8} {'errors':>7}"
    stdout.write(header)
    stdout.write("-" * len(header))
    for s in scenarios:
        served = len(s.timings)
        median = statistics.median(s.timings) if s.timings else float("nan")
        p95 = statistics.quantiles(s.timings, n=20, method="inclusive")[-1] if served > 1 else float("nan")
        line = f"{s.label:<36} {served:>8,} {served / s.seconds:>8.1f} {median:>10.1f} {p95:>8.1f} {len(s.errors):>7}"
        stdout.write(style.SUCCESS(line) if not s.errors and served else style.ERROR(line))
        for error in sorted(set(s.errors))[:5]:
            stdout.write(style.ERROR(f"    {s.errors.count(error)} x {error}"))
    stdout.write("Target: 0 errors.")
