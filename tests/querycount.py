"""How many database queries a page costs.

    cost = queries_for_get(client, "/staff/register/")
    assert cost.count == 7, cost   # the message lists every query, numbered

The page is fetched once before counting (warm_up), because a first visit may do one-off work that later
visits do not (making a resident's default preferences, filling Django's content-type cache).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Queries:
    label: str
    sql: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.sql)

    def __str__(self) -> str:
        lines = [f"{self.count} queries for {self.label}:"]
        lines += [f"  {number}. {sql}" for number, sql in enumerate(self.sql, start=1)]
        return "\n".join(lines)


@contextmanager
def capture_queries(label: str = "this block", using: str = DEFAULT_DB_ALIAS) -> Iterator[list[Queries]]:
    """with capture_queries() as captured: ...; then captured[0] holds the queries the block ran."""
    captured: list[Queries] = []
    with CaptureQueriesContext(connections[using]) as context:
        yield captured
    captured.append(Queries(label, tuple(query["sql"] for query in context.captured_queries)))


def queries_for_get(client: Client, url: str, *, expected_status: int = 200, warm_up: bool = True) -> Queries:
    """The queries one GET of url costs. Fails if the page does not answer with expected_status."""
    if warm_up:
        client.get(url)
    with capture_queries(f"GET {url}") as captured:
        response = client.get(url)
    assert response.status_code == expected_status, f"GET {url} answered {response.status_code}"
    return captured[0]
