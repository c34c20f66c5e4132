"""What each page costs against the site's layout with empty content, for `make bench`.

DESIGN.md asks that pages cost a bounded amount whatever the size of the register. Every page in `pages()` is
requested with django.test.Client, in process and through the full middleware stack, round-robin with the
empty pages (in a new order each round) so that a slow moment on the machine hits every page alike. The report
gives the median and 95th percentile time, the query count, and the ratio of the page's median to the median
of the empty page for the same persona: the same signed-in client rendering templates/base.html with nothing in
it (tests/bench/urls.py), so the shell every page pays for is on both sides and the ratio is what the page adds.

It is a report: it never fails the run, and marks pages over the target ratio FAIL.
"""

import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.db import connection, reset_queries
from django.db.models import Max, Min
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from residents.models import Resident, Role, User
from residents.people import services

TARGET_RATIO = 3.0
WARM_UP = 5
ROUND_ORDER_SEED = 2026
HOST = "localhost"
BENCH_USERS = {
    "resident": ("bench-resident@bench.example", Role.RESIDENT),
    "staff": ("bench-staff@bench.example", Role.STAFF),
    "board": ("bench-board@bench.example", Role.BOARD),
}
# The yardstick for each persona: anonymous visitors get the public empty page, everyone else the one behind
# login (tests/bench/urls.py).
EMPTY_VIEWS = {"anonymous": "bench_empty_public"}
EMPTY_VIEW_SIGNED_IN = "bench_empty"


@dataclass(frozen=True)
class Sample:
    """Rows that page URLs point at."""

    resident_id: int
    surname: str


def pages(sample: Sample) -> list[tuple[str, str, str]]:
    """What to measure: (label, persona, url). A new page is one more line here."""
    register = reverse("residents:register_list")
    return [
        ("Landing page", "anonymous", reverse("landing")),
        ("Resident home", "resident", reverse("residents:home")),
        ("Staff home", "staff", reverse("residents:staff_home")),
        ("Register, first page", "staff", register),
        (f"Register search '{sample.surname}'", "staff", f"{register}?{urlencode({'q': sample.surname})}"),
        ("Resident detail", "staff", reverse("residents:resident_detail", args=[sample.resident_id])),
        ("Board home", "board", reverse("board_home")),
        ("Feedback queue (open, by due time)", "staff", reverse("residents:feedback_queue")),
        ("Feedback queue, overdue", "staff", reverse("residents:feedback_queue") + "?overdue=1"),
        ("Hazards", "staff", reverse("residents:hazards")),
        ("You said, we did (public)", "anonymous", reverse("residents:update_public_list")),
        ("You said, we did feed", "anonymous", reverse("residents:update_feed")),
        ("Get involved", "anonymous", reverse("residents:involvement_list")),
        ("My involvement", "resident", reverse("residents:my_involvement")),
        ("Panels", "anonymous", reverse("panels:panel_list")),
        ("Panels (staff)", "staff", reverse("panels:staff_panel_list")),
        ("Walkabouts near me", "resident", reverse("community:walkabout_list")),
        ("Events", "anonymous", reverse("community:event_list")),
        ("Community Fund rounds", "anonymous", reverse("community:fund_rounds")),
        ("Community (staff)", "staff", reverse("community:staff_home")),
    ]


@dataclass
class Target:
    label: str
    persona: str
    url: str
    is_empty: bool = False
    timings: list[float] = field(default_factory=list)
    queries: int = 0
    error: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.timings)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.timings, n=20, method="inclusive")[-1]


# Data and users -------------------------------------------------------------------------------------


def bench_user(persona: str) -> User:
    """A user for this persona, made once: staff and board with a TOTP authenticator, the resident linked."""
    email, role = BENCH_USERS[persona]
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, role=role, full_name=f"Bench {persona}")
        user.set_unusable_password()  # the bench signs in with force_login; nobody can sign in as it
        user.save()
    if role in (Role.STAFF, Role.BOARD) and not is_mfa_enabled(user):
        TOTP.activate(user, generate_totp_secret())
    if role == Role.RESIDENT and not Resident.objects.filter(user=user).exists():
        entry = Resident.objects.select_related("home").filter(user__isnull=True).order_by("id").first()
        services.link_account_by_tenancy(
            user=user, tenancy_reference=entry.tenancy_reference, postcode=entry.home.postcode
        )
    return user


def pick_sample() -> Sample:
    """A resident from the middle of the register, and their surname to search for."""
    bounds = Resident.objects.aggregate(low=Min("id"), high=Max("id"))
    resident = Resident.objects.filter(id__gte=(bounds["low"] + bounds["high"]) // 2).order_by("id").first()
    return Sample(resident_id=resident.pk, surname=resident.last_name)


# Measuring ------------------------------------------------------------------------------------------


def get(client: Client, url: str):
    # secure=True: with DEBUG off, SECURE_SSL_REDIRECT would otherwise answer every request with a redirect.
    return client.get(url, secure=True)


def warm_up(client: Client, target: Target) -> None:
    try:
        for _ in range(WARM_UP):
            response = get(client, target.url)
            if response.status_code != 200:
                target.error = f"HTTP {response.status_code} {response.get('Location', '')}".strip()
                return
        with CaptureQueriesContext(connection) as queries:
            get(client, target.url)
        target.queries = len(queries)
    except Exception as error:  # a report: one broken page must not hide the others
        target.error = f"{type(error).__name__}: {error}"


def run(targets: list[Target], clients: dict[str, Client], requests: int) -> None:
    """Round-robin over the targets, so a slow moment on the machine hits every page alike, in a new order each
    round. In one fixed order, costs that come round at a steady pace (Python's garbage collector runs after so
    many objects are made) fell on the same pages every round: of two pages running the same code one after the
    other, the second came out 0.6 ms slower, whichever it was."""
    for target in targets:
        warm_up(clients[target.persona], target)
    live = [t for t in targets if not t.error]
    order = random.Random(ROUND_ORDER_SEED)  # the same orders on every run, for runs that compare
    for _ in range(requests):
        order.shuffle(live)
        for target in live:
            client = clients[target.persona]
            started = time.perf_counter()
            get(client, target.url)
            target.timings.append((time.perf_counter() - started) * 1000)
        reset_queries()


def build_targets(sample: Sample, only: list[str] | None = None) -> list[Target]:
    measured = [
        Target(label, persona, url)
        for label, persona, url in pages(sample)
        if not only or any(word.lower() in label.lower() for word in only)
    ]
    personas = list(dict.fromkeys(t.persona for t in measured))
    empties = [
        Target(f"Empty page ({persona})", persona, reverse(EMPTY_VIEWS.get(persona, EMPTY_VIEW_SIGNED_IN)), True)
        for persona in personas
    ]
    return empties + measured


def make_clients(personas: set[str]) -> dict[str, Client]:
    clients = {}
    for persona in personas:
        client = Client(HTTP_HOST=HOST)
        if persona != "anonymous":
            client.force_login(bench_user(persona))
        clients[persona] = client
    return clients


# Running and reporting ------------------------------------------------------------------------------


def bench_pages(stdout, style, *, residents: int, requests: int, only: list[str] | None = None) -> list[Target]:
    # DEBUG off: no query log, as in production. The bench URLconf adds the empty pages without them ever being
    # part of the product; their template sits beside this module.
    engine = settings.TEMPLATES[0]
    templates = [{**engine, "DIRS": [*engine["DIRS"], Path(__file__).parent / "templates"]}]
    with override_settings(DEBUG=False, ROOT_URLCONF="tests.bench.urls", ALLOWED_HOSTS=[HOST], TEMPLATES=templates):
        sample = pick_sample()
        targets = build_targets(sample, only)
        clients = make_clients({t.persona for t in targets})
        run(targets, clients, requests)
    report(stdout, style, targets, residents, requests)
    return targets


def report(stdout, style, targets: list[Target], residents: int, requests: int) -> None:
    empty = {t.persona: t.median for t in targets if t.is_empty and not t.error}
    stdout.write(
        f"\nPages: {residents:,} residents; {requests} timed requests per page after {WARM_UP} warm-up; DEBUG off; "
        "in-process test client through the full middleware stack.\n"
    )
    header = f"{'page':<40} {'persona':<10} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'x empty':>8}"
    stdout.write(header)
    stdout.write("-" * len(header))
    passed, failed = [], []
    for target in targets:
        if target.error:
            failed.append(target.label)
            stdout.write(style.ERROR(f"{target.label:<40} {target.persona:<10} FAIL: {target.error}"))
            continue
        ratio = target.median / empty[target.persona] if target.persona in empty else float("nan")
        line = (
            f"{target.label:<40} {target.persona:<10} {target.median:>10.2f} {target.p95:>8.2f} "
            f"{target.queries:>8} {ratio:>7.1f}x"
        )
        if target.is_empty:
            stdout.write(line)
        elif ratio <= TARGET_RATIO:
            passed.append(target.label)
            stdout.write(style.SUCCESS(f"{line}  pass"))
        else:
            failed.append(target.label)
            stdout.write(style.ERROR(f"{line}  FAIL"))
    stdout.write(
        f"\nTarget: each page's median at most {TARGET_RATIO:g}x the empty page's (the layout with no content, same "
        f"persona) at 100,000 residents (measured at {residents:,})."
    )
    stdout.write(style.SUCCESS(f"Pass ({len(passed)}): {', '.join(passed) or 'none'}"))
    fail_line = f"FAIL ({len(failed)}): {', '.join(failed) or 'none'}"
    stdout.write(style.ERROR(fail_line) if failed else fail_line)
