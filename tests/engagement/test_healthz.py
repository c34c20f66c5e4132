"""/healthz tells a load balancer or an operator whether the portal can reach PostgreSQL and Redis.

Every failure here is a real one: a connection to a closed port, not a stand-in object.
"""

import copy
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

HEALTHZ = reverse("healthz")
CLOSED_PORT = "1"  # nothing listens on port 1, so connecting fails at once


def test_healthz_answers_ok_when_database_and_redis_are_up(db):
    response = Client().get(HEALTHZ)  # not signed in: a load balancer has no account

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"], "a proxy must never answer for the portal from its cache"


@override_settings(REDIS_URL=f"redis://127.0.0.1:{CLOSED_PORT}/0")
def test_healthz_is_503_naming_redis_when_redis_is_unreachable(db):
    response = Client().get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {"status": "down", "down": ["redis"]}


@contextmanager
def database_at_closed_port():
    """Point the portal's database connection at a closed port, then put the real settings back.

    Used only outside a transaction (transactional_db), so closing the connection loses nothing.
    """
    saved = copy.deepcopy(connection.settings_dict)
    connection.close()
    connection.settings_dict["HOST"] = "127.0.0.1"
    connection.settings_dict["PORT"] = CLOSED_PORT
    connection.settings_dict["OPTIONS"] = {k: v for k, v in saved.get("OPTIONS", {}).items() if k != "host"}
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def database_unreachable(transactional_db):
    with database_at_closed_port():
        yield


def test_healthz_is_503_naming_the_database_when_it_is_unreachable(database_unreachable):
    response = Client().get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {"status": "down", "down": ["database"]}


@override_settings(REDIS_URL=f"redis://127.0.0.1:{CLOSED_PORT}/0")
def test_healthz_names_both_when_both_are_unreachable(database_unreachable):
    response = Client().get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {"status": "down", "down": ["database", "redis"]}


def test_healthz_works_again_once_the_database_is_back(transactional_db):
    with database_at_closed_port():
        assert Client().get(HEALTHZ).status_code == 503

    assert Client().get(HEALTHZ).status_code == 200, "no broken connection is kept after an outage"
