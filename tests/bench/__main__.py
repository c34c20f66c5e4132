"""`make bench`: what the portal's pages and surveys cost at 100,000 residents. A report; it exits 0.

    python -m tests.bench [--scale N] [--feedback N] [--requests N] [--only WORD] [--force]
                          [--no-pages] [--no-board] [--no-concurrency] [--no-surveys] [--clients N] [--seconds S]

It fills the database to --scale residents and --feedback items if it holds fewer (seed_demo --scale), then:
- pages (pages.py): each page's median and p95 in process, against the layout with empty content;
- at once (concurrency.py): 20 clients against gunicorn with 2 workers on the resident home, the queue and a
  survey submission: throughput, p95, errors;
- the Board dashboard (board.py): median and p95 against the same aggregates run as raw SQL;
- surveys: the fan-out against a COPY (fanout.py), one submission's queries and latency, results at a million
  answers (results.py).

It lives with the tests, not in the product: nothing deployed carries it. `make bench` runs it against the
embedded servers, or DATABASE_URL / REDIS_URL when set.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import django


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=100_000, help="residents the database should hold")
    parser.add_argument("--feedback", type=int, default=50_000, help="feedback items the database should hold")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--force", action="store_true", help="seed made-up residents even with DEBUG off")
    parser.add_argument("--only", action="append", metavar="WORD", help="only pages whose label has this word")
    parser.add_argument("--no-pages", action="store_true", help="skip the pages")
    parser.add_argument("--no-board", action="store_true", help="skip the Board dashboard")
    parser.add_argument("--no-concurrency", action="store_true", help="skip the clients at once")
    parser.add_argument("--no-surveys", action="store_true", help="skip the survey figures")
    parser.add_argument("--clients", type=int, default=20, help="clients at once")
    parser.add_argument("--seconds", type=float, default=30, help="seconds each scenario runs with clients at once")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    options = parse(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engagement.settings")
    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import OutputWrapper
    from django.core.management.color import color_style

    from residents.models import Feedback, Resident

    from .board import bench_board
    from .concurrency import bench_concurrency
    from .fanout import bench_fan_out, bench_submit
    from .pages import bench_pages
    from .results import bench_results, build_survey

    stdout, style = OutputWrapper(sys.stdout), color_style()
    residents = Resident.objects.count()
    if residents < options.scale or Feedback.objects.count() < options.feedback:
        stdout.write(f"Seeding up to {options.scale:,} residents and {options.feedback:,} feedback items.")
        started = time.monotonic()
        call_command("seed_demo", scale=options.scale, feedback=options.feedback, force=options.force, stdout=stdout)
        stdout.write(f"Seeded in {time.monotonic() - started:.1f}s.")
        residents = Resident.objects.count()

    # Served without collectstatic, as in development: the folder need only exist.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    if not options.no_pages:
        bench_pages(stdout, style, residents=residents, requests=options.requests, only=options.only)
    if not options.no_board:
        build_survey(stdout)  # the million answers the dashboard is measured beside
        bench_board(stdout)
    if not options.no_concurrency:
        bench_concurrency(stdout, style, clients=options.clients, seconds=options.seconds)
    if not options.no_surveys:
        stdout.write("\nSurveys\n")
        bench_fan_out(stdout, residents)
        bench_submit(stdout)
        bench_results(stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
