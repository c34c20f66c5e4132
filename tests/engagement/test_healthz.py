"""/healthz tells a load balancer or an operator whether the portal can reach PostgreSQL, the cache and the broker.

Every failure here is a real one: a connection to a closed port, not a stand-in object.
"""

import copy
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

HEALTHZ = reverse("healthz")
CLOSED_PORT = "1"  # nothing listens on port 1, so connecting fails at once
CLOSED_REDIS = f"redis://127.0.0.1:{CLOSED_PORT}/0"


def redis_unreachable():
    """The cache and the broker both at a closed port (they share one Redis server in the README's set-up)."""
    return override_settings(
        CACHES={"default": {**settings.CACHES["default"], "LOCATION": CLOSED_REDIS}}, CELERY_BROKER_URL=CLOSED_REDIS
    )


def test_healthz_answers_ok_when_database_and_redis_are_up(db):
    response = Client().get(HEALTHZ)  # not signed in: a load balancer has no account

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"], "a proxy must never answer for the portal from its cache"


def test_healthz_is_503_naming_cache_and_broker_when_redis_is_unreachable(db):
    with redis_unreachable():
        response = Client().get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {"status": "down", "down": ["cache", "broker"]}


@override_settings(CELERY_BROKER_URL=CLOSED_REDIS)
def test_healthz_names_the_broker_alone_when_only_the_broker_is_unreachable(db):
    response = Client().get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {"status": "down", "down": ["broker"]}


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


def test_healthz_names_all_three_when_all_are_unreachable(database_unreachable):
    with redis_unreachable():
        response = Client().get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {"status": "down", "down": ["database", "cache", "broker"]}


def test_healthz_works_again_once_the_database_is_back(transactional_db):
    with database_at_closed_port():
        assert Client().get(HEALTHZ).status_code == 503

    assert Client().get(HEALTHZ).status_code == 200, "no broken connection is kept after an outage"
