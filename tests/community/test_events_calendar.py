"""An event as an iCalendar file, linked from its page: the times, the place and access, and its cancellation."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from community.models import EventStatus

from ..querycount import queries_for_get

pytestmark = pytest.mark.django_db


def _calendar_event(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    (entry,) = Calendar.from_ical(response.content).walk("VEVENT")
    return entry


def test_the_event_page_links_to_its_calendar_file_with_time_place_and_access(client_for, published_event):
    page = client_for("anonymous").get(reverse("community:event_detail", args=[published_event.pk])).content.decode()
    url = reverse("community:event_ics", args=[published_event.pk])
    assert f'href="{url}"' in page and "Add to my calendar" in page
    entry = _calendar_event(client_for("anonymous").get(url))
    assert str(entry["summary"]) == "Coffee morning at Alder House"
    assert entry.decoded("dtstart") == published_event.starts_at
    assert entry.decoded("dtend") == published_event.ends_at
    assert str(entry["location"]) == "Alder House community room"
    assert "Access: Step-free access" in str(entry["description"])
    assert str(entry["status"]) == "CONFIRMED"
    assert str(entry["uid"]).startswith(f"community-event-{published_event.pk}@")


def test_a_cancelled_event_says_so_in_its_calendar_file(client_for, published_event):
    published_event.status, published_event.cancel_reason = EventStatus.CANCELLED, "The hall has flooded."
    published_event.save()
    entry = _calendar_event(client_for("resident").get(reverse("community:event_ics", args=[published_event.pk])))
    assert str(entry["status"]) == "CANCELLED"
    assert "Cancelled: The hall has flooded." in str(entry["description"])


def test_an_event_in_one_of_our_spaces_gives_its_address(client_for, published_event, community_space):
    published_event.space, published_event.place = community_space, ""
    published_event.save()
    entry = _calendar_event(client_for("anonymous").get(reverse("community:event_ics", args=[published_event.pk])))
    assert str(entry["location"]) == f"{community_space.name}, {community_space.address}"


def test_the_calendar_file_costs_a_fixed_number_of_queries(client_for, published_event, draft_event):
    client = client_for("anonymous")
    cost = queries_for_get(client, reverse("community:event_ics", args=[published_event.pk]))
    assert cost.count == 1, cost
    assert client.get(reverse("community:event_ics", args=[draft_event.pk])).status_code == 404
