"""Calendar files: one meeting's .ics, and a member's feed at an unguessable address that can be reset."""

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from panels.models import MeetingInvitation

from .factories import PanelFactory
from .meeting_factories import AgendaItemFactory, MeetingFactory


def events(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    return list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_meeting_ics_holds_its_time_place_agenda_and_link(client_for, scrutiny_meeting):
    AgendaItemFactory(meeting=scrutiny_meeting, position=1, title="Repairs performance")
    AgendaItemFactory(meeting=scrutiny_meeting, position=2, title="Any other business")
    response = client_for("panel_member").get(reverse("panels:meeting_ics", args=[scrutiny_meeting.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    [event] = events(response)
    assert event["SUMMARY"] == "Resident Scrutiny Panel: Repairs review: evidence session"
    assert event.decoded("DTSTART") == scrutiny_meeting.starts_at
    assert event.decoded("DTEND") == scrutiny_meeting.ends_at
    assert event["LOCATION"] == "Community room, Alder House, LS6 2AB"
    assert event["STATUS"] == "CONFIRMED"
    assert str(event["UID"]).startswith(f"panel-meeting-{scrutiny_meeting.pk}@")
    description = str(event["DESCRIPTION"])
    assert "1. Repairs performance\n2. Any other business" in description
    assert reverse("panels:meeting_detail", args=[scrutiny_meeting.pk]) in description


def test_the_feed_lists_the_members_meetings_only_and_works_without_signing_in(
    client_for, panel_member, scrutiny_meeting, member_calendar_feed
):
    MeetingFactory(panel=PanelFactory(), title="Another panel's meeting")
    response = Client().get(reverse("panels:meeting_feed", args=[member_calendar_feed.token]))
    assert response.status_code == 200
    assert [str(e["SUMMARY"]) for e in events(response)] == [
        "Resident Scrutiny Panel: Repairs review: evidence session"
    ]


def test_an_invited_board_members_feed_has_the_meeting(board, scrutiny_meeting):
    from panels.meetings.services import feed_for

    MeetingInvitation.objects.create(meeting=scrutiny_meeting, user=board)
    response = Client().get(reverse("panels:meeting_feed", args=[feed_for(board).token]))
    assert len(events(response)) == 1


def test_resetting_the_address_stops_the_old_one(client_for, member_calendar_feed):
    old = reverse("panels:meeting_feed", args=[member_calendar_feed.token])
    client = client_for("panel_member")
    page = client.get(reverse("panels:meeting_calendar"))
    assert old in page.content.decode()
    response = client.post(reverse("panels:meeting_calendar_reset"), follow=True)
    assert "Your calendar has a new address" in response.content.decode()
    member_calendar_feed.refresh_from_db()
    assert Client().get(old).status_code == 404
    new = reverse("panels:meeting_feed", args=[member_calendar_feed.token])
    assert new != old and Client().get(new).status_code == 200
    assert len(member_calendar_feed.token) >= 40


@pytest.mark.parametrize("persona", ["resident", "board"])
def test_an_outsider_cannot_download_the_ics(client_for, scrutiny_meeting, persona):
    assert client_for(persona).get(reverse("panels:meeting_ics", args=[scrutiny_meeting.pk])).status_code == 404
