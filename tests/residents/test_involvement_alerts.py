"""Residents whose preferences ask for a kind of involvement are told of new opportunities that fit, at most once a
week, each email exactly once (a due time in the database, claimed by a conditional UPDATE in the beat task)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from residents.involvement import services
from residents.models import OpportunityAlert, OutboundEmail, Preferences
from residents.tasks import send_involvement_alerts
from tests.factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory

from .involvement_fixtures import published


def alerts():
    return OutboundEmail.objects.filter(key__startswith="involvement-opportunities:")


@pytest.fixture
def keen(resident):
    """The `resident` persona (Millfield) asks to hear about formal involvement."""
    Preferences.objects.create(resident=resident.resident, involvement_interests=["formal"])
    return resident.resident


def test_a_new_opportunity_that_fits_is_emailed_exactly_once(keen):
    published(title="Scrutiny panel member", kind="panel_role")
    assert send_involvement_alerts.apply().get() == 1
    assert send_involvement_alerts.apply().get() == 0
    assert services.send_due_alerts() == 0
    (email,) = alerts()
    assert email.to == keen.user.email and "Scrutiny panel member" in email.body


def test_at_most_once_a_week(keen):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        published(title="First role", kind="panel_role")
        assert services.send_due_alerts() == 1
    with time_machine.travel(start + timedelta(days=1), tick=False):
        published(title="Second role", kind="mystery_shopper")
        published(title="Third role", kind="contractor_selection")
        assert services.send_due_alerts() == 0
        assert OpportunityAlert.objects.get().due_at == start + timedelta(days=7)
    with time_machine.travel(start + timedelta(days=7, minutes=1), tick=False):
        assert services.send_due_alerts() == 1
        assert services.send_due_alerts() == 0
    first, second = alerts().order_by("id")
    assert "First role" in first.body and "Second role" not in first.body
    assert "Second role" in second.body and "Third role" in second.body and "First role" not in second.body


def test_only_those_whose_preferences_and_neighbourhood_fit_are_told(keen):
    hillside = NeighbourhoodFactory(name="Hillside")
    elsewhere = ResidentFactory(home=HomeFactory(block=BlockFactory(neighbourhood=hillside)))
    Preferences.objects.create(resident=elsewhere, involvement_interests=["formal"])
    lighter = ResidentFactory(home=keen.home)
    Preferences.objects.create(resident=lighter, involvement_interests=["lighter"])
    quiet = ResidentFactory(home=keen.home)
    Preferences.objects.create(resident=quiet, involvement_interests=["formal"], do_not_contact=True)

    published(title="Millfield panel role", kind="panel_role", neighbourhood=keen.home.block.neighbourhood)
    services.send_due_alerts()
    assert list(alerts().values_list("to", flat=True)) == [keen.user.email]


def test_an_opportunity_closed_before_the_email_goes_is_left_out(keen, staff):
    role = published(title="Soon closed", kind="panel_role")
    services.close_opportunity(opportunity=role)
    assert services.send_due_alerts() == 0
    assert not alerts().exists()
    assert OpportunityAlert.objects.get().due_at is None


def test_every_due_alert_goes_in_one_run_batch_by_batch(keen, monkeypatch):
    monkeypatch.setattr(services, "ALERT_BATCH", 2)
    for _ in range(4):
        Preferences.objects.create(resident=ResidentFactory(home=keen.home), involvement_interests=["formal"])
    published(title="Scrutiny panel member", kind="panel_role")
    assert services.send_due_alerts() == 5
    assert alerts().count() == 5
    assert not OpportunityAlert.objects.filter(due_at__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_alert_exactly_once(resident):
    import threading

    from django.db import connection

    Preferences.objects.create(resident=resident.resident, involvement_interests=["formal"])
    for _ in range(5):
        Preferences.objects.create(
            resident=ResidentFactory(home=resident.resident.home), involvement_interests=["formal"]
        )
    published(title="Scrutiny panel member", kind="panel_role")
    start = threading.Barrier(2)
    results = []

    def worker():
        try:
            start.wait()
            results.append(services.send_due_alerts())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 6
    assert alerts().count() == 6
    assert len(set(alerts().values_list("to", flat=True))) == 6
