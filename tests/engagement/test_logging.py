"""The log an operator reads: a refused request is one line, a server error keeps its traceback."""

import io
import logging

import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path, reverse

from engagement.logfilters import RefusalsInOneLine


@login_not_required
def broken_view(request):
    raise RuntimeError("the portal has a bug")


urlpatterns = [path("broken/", broken_view)]


@pytest.fixture
def portal_log():
    """What the portal's own log handler (settings.LOGGING) writes, as text."""
    handlers = [h for h in logging.getLogger().handlers if any(isinstance(f, RefusalsInOneLine) for f in h.filters)]
    assert len(handlers) == 1, "the portal's console handler"
    stream = io.StringIO()
    previous = handlers[0].setStream(stream)
    try:
        yield stream
    finally:
        handlers[0].setStream(previous)


def test_a_refused_request_is_one_log_line_without_a_traceback(client_for, resident, portal_log):
    response = client_for("resident").get(reverse("residents:staff_home"))

    assert response.status_code == 403
    lines = portal_log.getvalue().splitlines()
    assert lines == ["Forbidden (Permission denied): /staff/"]


def test_django_writes_each_record_once_through_the_portal_handler():
    # Django's own "django" logger handler (console, with DEBUG) wrote every record a second time.
    assert logging.getLogger("django").handlers == []


@pytest.mark.urls(__name__)
def test_a_server_error_still_logs_its_traceback(db, portal_log):
    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    log = portal_log.getvalue()
    assert log.startswith("Internal Server Error: /broken/")
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: the portal has a bug" in log
