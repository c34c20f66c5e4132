"""Training: staff add courses and sessions with a number of places; residents book while places are left; staff
record completion, and a course that must be renewed (safeguarding, every 3 years) records when it runs out."""

from datetime import date, timedelta
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from residents.involvement import services
from residents.models import Course, TrainingBooking, TrainingSession
from tests.factories import ResidentFactory

from .involvement_fixtures import CourseFactory, TrainingSessionFactory


def page(response) -> str:
    return response.content.decode()


def test_the_standard_courses_are_seeded_with_safeguarding_renewed_every_3_years(db):
    # The data migration's own step, run here: a test that empties the database (the browser tests do) removes
    # what the migration made, and the step makes only what is missing.
    import_module("residents.migrations.0011_involvement").add_courses(apps, None)
    assert set(Course.objects.values_list("title", flat=True)) >= {
        "Scrutiny skills",
        "Chairing meetings",
        "Safeguarding",
        "Data protection",
    }
    assert Course.objects.get(title="Safeguarding").valid_for_years == 3


def test_staff_add_a_course_and_a_session(client_for, staff):
    client = client_for("staff")
    client.post(reverse("residents:involvement_course_create"), {"title": "Mystery shopping", "valid_for_years": ""})
    course = Course.objects.get(title="Mystery shopping")
    assert course.valid_for_years is None
    starts = (timezone.localtime() + timedelta(days=7)).replace(hour=18, minute=30, second=0, microsecond=0)
    response = client.post(
        reverse("residents:involvement_session_create"),
        {"course": course.pk, "starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "where": "Online", "places": "8"},
    )
    session = TrainingSession.objects.get(course=course)
    assert response["Location"] == reverse("residents:involvement_session", args=[session.pk])
    assert (session.starts_at, session.places) == (starts, 8)


def test_a_session_in_the_past_or_without_places_is_refused_next_to_the_field(client_for, staff):
    course = CourseFactory()
    response = client_for("staff").post(
        reverse("residents:involvement_session_create"),
        {"course": course.pk, "starts_at": "2020-01-01T10:00", "where": "Online", "places": "0"},
    )
    errors = response.context["form"].errors
    assert errors["starts_at"] == ["Choose a time in the future."]
    assert errors["places"] == ["Offer at least 1 place."]
    assert 'value="Online"' in page(response)


def test_a_resident_books_a_place_and_sees_it_on_their_record(client_for, resident, training_session):
    client = client_for("resident")
    assert "Book a place" in page(client.get(reverse("residents:involvement_training")))
    client.post(reverse("residents:involvement_training_book", args=[training_session.pk]))
    assert TrainingBooking.objects.filter(resident=resident.resident, session=training_session).exists()
    assert "Safeguarding" in page(client.get(reverse("residents:my_involvement")))
    again = client.post(reverse("residents:involvement_training_book", args=[training_session.pk]), follow=True)
    assert "You already have a place on this session." in page(again)


def test_a_full_or_started_session_takes_no_more_bookings(resident):
    full = TrainingSessionFactory(places=1)
    services.book_training(resident=ResidentFactory(), session=full)
    with pytest.raises(ValidationError, match="full"):
        services.book_training(resident=resident.resident, session=full)
    started = TrainingSessionFactory(starts_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(ValidationError, match="started"):
        services.book_training(resident=resident.resident, session=started)


def test_staff_record_completion_and_when_it_runs_out(client_for, resident, training_session):
    booking = services.book_training(resident=resident.resident, session=training_session)
    url = reverse("residents:involvement_session_complete", args=[training_session.pk])
    client = client_for("staff")
    response = client.post(url, {"booking": booking.pk, "completed_on": "2999-01-01"})
    assert "The date cannot be in the future." in page(response)
    today = timezone.localdate()
    client.post(url, {"booking": booking.pk, "completed_on": today.isoformat()})
    booking.refresh_from_db()
    assert booking.completed_on == today
    assert booking.expires_on == today.replace(year=today.year + 3)


def test_a_completion_without_expiry_lasts_for_good_and_29_february_runs_out_on_28th(db):
    assert (
        services.expiry_for(CourseFactory(title="Chairing meetings", valid_for_years=None), date(2024, 2, 29)) is None
    )
    assert services.expiry_for(CourseFactory(), date(2024, 2, 29)) == date(2027, 2, 28)


def test_the_record_says_when_safeguarding_has_run_out(client_for, resident, staff):
    session = TrainingSessionFactory()
    booking = services.book_training(resident=resident.resident, session=session)
    services.record_completion(booking=booking, actor=staff, completed_on=timezone.localdate())
    with time_machine.travel(timezone.now() + timedelta(days=3 * 366), tick=False):
        assert "book it again" in page(client_for("resident").get(reverse("residents:my_involvement")))
