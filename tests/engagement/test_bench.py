"""`make bench` measures every page it lists: a page that breaks or is refused shows up here, not only in a
report nobody reads until the next benchmark."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.core.management.color import no_style

from residents.models import Resident
from tests.bench.board import bench_board
from tests.bench.pages import bench_pages


@pytest.mark.django_db
def test_bench_measures_every_page_against_the_empty_layout():
    call_command("seed_demo", scale=30, feedback=20, force=True, stdout=StringIO())
    out = StringIO()

    targets = bench_pages(OutputWrapper(out), no_style(), residents=Resident.objects.count(), requests=2)

    assert [(t.label, t.error) for t in targets if t.error] == []
    assert {t.persona for t in targets if t.label.startswith("Empty page")} == {
        "anonymous",
        "resident",
        "staff",
        "board",
    }
    assert all(len(t.timings) == 2 and t.queries >= 0 for t in targets)
    report = out.getvalue()
    assert "at most 3x the empty page's" in report
    assert "Register search" in report and "Feedback queue" in report


@pytest.mark.django_db
def test_bench_measures_the_board_dashboard_against_its_raw_sql():
    call_command("seed_demo", scale=30, feedback=20, force=True, stdout=StringIO())
    out = StringIO()

    measured = bench_board(OutputWrapper(out), requests=2)

    assert [(m.label, m.error) for m in measured if m.error] == []
    assert all(len(m.timings) == len(m.raw) == 2 and m.queries > 0 for m in measured)
    assert "at most 1.5x its aggregates run as raw SQL" in out.getvalue()
