"""Rolling programmes: wave 1 goes at publish, later waves when due (found by the periodic task), each asking
residents this survey has not asked yet, each exactly once, and never after the survey closes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from surveys.models import AudienceKind, SurveyWave
from surveys.services import invitations

from .fixtures import build_survey, publish_for
from .sending_helpers import residents_in

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_months_are_added_on_the_same_day_or_the_last_day_of_a_short_month():
    start = datetime(2026, 1, 31, 9, 0, tzinfo=LONDON)
    assert invitations.add_months(start, 1) == datetime(2026, 2, 28, 9, 0, tzinfo=LONDON)
    assert invitations.add_months(start, 3) == datetime(2026, 4, 30, 9, 0, tzinfo=LONDON)
    assert invitations.add_months(start, 12) == datetime(2027, 1, 31, 9, 0, tzinfo=LONDON)


def test_the_reporting_year_starts_on_the_first_of_april():
    assert invitations.reporting_year_of(datetime(2026, 3, 31, 12, tzinfo=LONDON)) == 2025
    assert invitations.reporting_year_of(datetime(2026, 4, 1, 0, 30, tzinfo=LONDON)) == 2026


def test_a_quarterly_sample_asks_new_residents_each_wave_and_each_wave_goes_once():
    residents_in("Millfield", 12)
    survey = build_survey(audience=AudienceKind.SAMPLE, sample_size=4, cadence="quarterly", wave_count=3)
    survey.closes_at = timezone.now() + timedelta(days=365)
    survey.save(update_fields=["closes_at"])

    first = invitations.publish_survey(survey=survey)
    waves = list(survey.waves.order_by("number"))
    assert [w.number for w in waves] == [1, 2, 3] and first.invited == 4
    assert waves[1].starts_at == invitations.add_months(waves[0].starts_at, 3)
    assert invitations.publish_due_waves() == []  # nothing due yet

    # The rest period (90 days) has passed for no one in this survey: later waves still ask only new residents.
    with time_machine.travel(waves[1].starts_at + timedelta(minutes=1)):
        assert invitations.publish_due_waves() == [waves[1].pk]
        assert invitations.publish_due_waves() == []
    second = SurveyWave.objects.get(pk=waves[1].pk)
    assert second.invited == 4 and second.exclusions["already_asked"] == 4
    assert survey.invitations.values("resident").distinct().count() == 8


def test_a_wave_due_after_the_survey_closes_is_never_sent():
    residents_in("Millfield", 3)
    survey = build_survey(cadence="monthly", wave_count=2)
    survey.closes_at = timezone.now() + timedelta(days=20)
    survey.save(update_fields=["closes_at"])
    invitations.publish_survey(survey=survey)
    with time_machine.travel(timezone.now() + timedelta(days=40)):
        assert invitations.publish_due_waves() == []
    assert survey.waves.get(number=2).published_at is None


def test_a_survey_that_opens_later_sends_wave_one_when_it_opens():
    residents_in("Millfield", 2)
    survey = build_survey()
    opens = timezone.now() + timedelta(days=2)
    wave = invitations.publish_survey(survey=survey, opens_at=opens)
    assert wave.published_at is None and not survey.invitations.exists()
    with time_machine.travel(opens + timedelta(seconds=1)):
        assert invitations.publish_due_waves() == [wave.pk]
    assert survey.invitations.count() == 2


def test_residents_asked_by_another_survey_in_the_rest_period_wait_for_a_later_wave():
    resting, fresh = residents_in("Millfield", 2)
    publish_for(build_survey(title="Another survey"), resting)
    survey = build_survey(cadence="quarterly", wave_count=2)
    survey.closes_at = timezone.now() + timedelta(days=200)
    survey.save(update_fields=["closes_at"])
    first = invitations.publish_survey(survey=survey)
    assert first.exclusions["recently_invited"] == 1
    assert list(survey.invitations.values_list("resident_id", flat=True)) == [fresh.pk]
    with time_machine.travel(survey.waves.get(number=2).starts_at + timedelta(minutes=1)):
        invitations.publish_due_waves()
    assert set(survey.invitations.values_list("resident_id", flat=True)) == {fresh.pk, resting.pk}
