"""A real Celery worker process for tests whose behaviour depends on one.

The worker is a separate process (`python -m celery -A engagement worker`), so it sees only what the test has
committed: tests that use it need `transactional_db` (the fixture asks for it) or `live_server`. It talks to
the same Redis broker and to pytest-django's test database, consumes only this run's queue (CELERY_QUEUE),
and is stopped (SIGTERM, then SIGKILL) when the test ends. Its log is printed at teardown, which pytest shows
only when the test fails.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, urlencode

import dj_database_url
import pytest
from django.conf import settings

T = TypeVar("T")

READY_TIMEOUT = 60
STOP_TIMEOUT = 15
POLL_INTERVAL = 0.1
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class WaitTimeout(AssertionError):
    """The condition did not become true in time."""


def wait_for(
    condition: Callable[[], T],
    *,
    timeout: float = 60,
    interval: float = POLL_INTERVAL,
    message: str = "condition",
    check: Callable[[], None] | None = None,
) -> T:
    """Call condition() until it returns something truthy, and return that; fail after timeout seconds.

    Polls (no fixed sleep): a condition that reads the database sees the worker's committed rows on each
    call, because tests with a worker run in autocommit (transactional_db). check(), if given, runs on each
    poll and may raise to stop early (for example when the worker process has died).
    """
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if check is not None:
            check()
        if time.monotonic() >= deadline:
            raise WaitTimeout(f"Timed out after {timeout:g}s waiting for {message}.")
        time.sleep(interval)


def database_url(db: dict) -> str:
    """A DATABASE_URL that dj_database_url parses back to this database (TCP host or Unix-socket folder)."""
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    scheme = {"postgresql": "postgres", "postgis": "postgis"}.get(engine, engine)
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    userinfo = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or ""
    port = str(db.get("PORT") or "")
    query = {str(k): str(v) for k, v in (db.get("OPTIONS") or {}).items()}
    if host.startswith("/") and host != host.lower():
        # urlsplit lower-cases the host part, which would break a socket folder with capitals in it:
        # pass it as an option instead (Django hands OPTIONS to psycopg as connection parameters).
        query["host"] = host
        if port:
            query["port"] = port
        netloc = userinfo
    else:
        netloc = userinfo + quote(host, safe="") + (f":{port}" if port else "")
    url = f"{scheme}://{netloc}/{quote(db['NAME'], safe='')}"
    if query:
        url += "?" + urlencode(query)
    parsed = dj_database_url.parse(url)
    assert (parsed["NAME"], parsed["USER"], parsed["PASSWORD"]) == (
        db["NAME"],
        db.get("USER") or "",
        db.get("PASSWORD") or "",
    ), url
    assert parsed["HOST"] == host or parsed.get("OPTIONS", {}).get("host") == host, url
    return url


class CeleryWorker:
    """A running worker process: its node name, queue and log, and a way to wait on it."""

    def __init__(self, *, queue: str, env: dict[str, str], log_path: Path):
        self.queue = queue
        self.env = env
        self.log_path = log_path
        self.nodename = f"test-{uuid.uuid4().hex[:10]}@{os.uname().nodename}"
        self.process: subprocess.Popen | None = None
        self._log_file = None

    @property
    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def start(self, *, purge: bool = True) -> None:
        from engagement.celery import app

        if purge:
            self._purge()
        self._log_file = open(self.log_path, "wb" if purge else "ab")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "engagement",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=INFO",
                "-Q",
                self.queue,
                "-n",
                self.nodename,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def ready() -> bool:
            if " ready." not in self.log:
                return False
            return bool(app.control.ping(destination=[self.nodename], timeout=0.5))

        wait_for(ready, timeout=READY_TIMEOUT, interval=0.2, message="the Celery worker to start", check=self.check)

    def _purge(self) -> None:
        """Drop messages left in this queue by an earlier run, so the worker runs only this test's tasks."""
        from engagement.celery import app

        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(self.queue)

    def check(self) -> None:
        """Fail at once, with the log, if the worker process has exited."""
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(
                f"The Celery worker exited with code {self.process.returncode}.\n--- worker log ---\n{self.log}"
            )

    def pause(self) -> None:
        """Stop taking tasks (messages wait in Redis), to look at the 'waiting' state: the worker stops (warm
        shutdown) and resume() starts it again on the same queue and log. Cancelling its consumer instead can leave
        a message the Redis transport had already fetched put back but never taken up again."""
        self.stop()

    def resume(self) -> None:
        self.start(purge=False)

    def tasks_succeeded(self, name: str) -> int:
        """How many runs of the task named name the worker has logged as finished without error."""
        return sum(1 for line in self.log.splitlines() if f"Task {name}[" in line and " succeeded in " in line)

    def wait_for(self, condition: Callable[[], T], *, timeout: float = 60, message: str = "condition") -> T:
        """wait_for() that also stops early if the worker has died."""
        return wait_for(condition, timeout=timeout, message=message, check=self.check)

    def kill(self) -> int | None:
        """SIGKILL the worker's whole process group at once, as when a machine dies: nothing is cleaned up."""
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT)
        return process.returncode

    def stop(self) -> int | None:
        """SIGTERM (warm shutdown: the task in hand finishes), then SIGKILL to the whole group after a timeout."""
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT)
        if self._log_file is not None:
            self._log_file.close()
        return process.returncode


def read_sent_mail(folder: Path) -> list[EmailMessage]:
    """Messages Django's file-based email backend wrote: what the email provider would have been given."""
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(message_from_bytes(chunk.strip() + b"\n", policy=default_policy))
    return messages


def process_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment for a worker or beat process: the test database, this run's queue, mail to files."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(settings.DATABASES["default"]),
        REDIS_URL=settings.REDIS_URL,
        CELERY_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE,
        CACHE_KEY_PREFIX=settings.CACHES["default"].get("KEY_PREFIX", ""),
        DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "engagement.settings"),
        PYTHONUNBUFFERED="1",
        # The worker holds no connection between tasks, so the test database can be dropped at the end.
        CONN_MAX_AGE="0",
        # The email provider is the one outside part: the worker writes what it would send to files.
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(folder / "mail"),
    )
    env.update(extra)
    return env


@pytest.fixture
def celery_worker(transactional_db):
    """Start a real Celery worker on the test database for one test; stop it afterwards.

    Returns a CeleryWorker; `celery_worker.wait_for(lambda: ...)` polls until a condition holds, and
    `celery_worker.sent_mail()` lists the email it sent.
    """
    with tempfile.TemporaryDirectory(prefix="celery-worker-") as name:
        folder = Path(name)
        worker = CeleryWorker(
            queue=settings.CELERY_TASK_DEFAULT_QUEUE, env=process_env(folder), log_path=folder / "worker.log"
        )
        worker.sent_mail = lambda: read_sent_mail(folder / "mail")
        try:
            worker.start()
            yield worker
        finally:
            code = worker.stop()
            print(f"--- Celery worker {worker.nodename} (exit code {code}) log ---\n{worker.log}")


@pytest.fixture
def celery_workers(transactional_db):
    """Start several workers, each with its own extra environment, sharing one mail folder; stop (or kill) them
    in a test, and start Celery beat beside them. For tests of workers dying and others taking over:

        first = celery_workers.start(EMAIL_BACKEND=...)
        first.kill()
        celery_workers.start(); celery_workers.start(); celery_workers.beat()
        celery_workers.sent_mail()
    """
    with tempfile.TemporaryDirectory(prefix="celery-workers-") as name, contextlib.ExitStack() as stack:
        folder = Path(name)
        pool = WorkerPool(folder, stack)
        try:
            yield pool
        finally:
            for worker in pool.workers:
                code = worker.stop()
                print(f"--- Celery worker {worker.nodename} (exit code {code}) log ---\n{worker.log}")


class WorkerPool:
    def __init__(self, folder: Path, stack: contextlib.ExitStack):
        self.folder = folder
        self.stack = stack
        self.workers: list[CeleryWorker] = []

    def start(self, **extra_env: str) -> CeleryWorker:
        number = len(self.workers) + 1
        worker = CeleryWorker(
            queue=settings.CELERY_TASK_DEFAULT_QUEUE,
            env=process_env(self.folder, **extra_env),
            log_path=self.folder / f"worker-{number}.log",
        )
        self.workers.append(worker)
        worker.start()
        return worker

    def beat(self, **extra_env: str) -> subprocess.Popen:
        return self.stack.enter_context(run_beat(**extra_env))

    def sent_mail(self) -> list[EmailMessage]:
        return read_sent_mail(self.folder / "mail")


BEAT_EVERY_SECOND = {
    "OUTBOX_RELAY_SECONDS": "1",
    "PUBLISH_CHECK_SECONDS": "1",
    "SURVEY_SEND_SECONDS": "1",
    "MEETING_NOTICE_SECONDS": "1",
}


@contextlib.contextmanager
def run_beat(**extra_env: str):
    """Celery beat sending the periodic tasks every second (outbox relay, publishing, survey sending)."""
    with tempfile.TemporaryDirectory(prefix="celery-beat-") as name:
        folder = Path(name)
        log_path = folder / "beat.log"
        env = process_env(folder, **(BEAT_EVERY_SECOND | extra_env))
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "engagement",
                    "beat",
                    "--loglevel=INFO",
                    "--schedule",
                    str(folder / "schedule"),
                ],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                yield process
            finally:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                print(f"--- Celery beat log ---\n{log_path.read_text(errors='replace')}")


@pytest.fixture
def celery_beat(celery_worker):
    """Celery beat sending the periodic tasks every second (outbox relay, publishing) to the test worker."""
    with run_beat() as process:
        yield process
