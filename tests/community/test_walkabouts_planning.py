"""Staff plan a walk: the neighbourhood's residents who asked for local involvement are invited, once."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from community.walkabouts import services
from community.walkabouts.models import Walkabout
from residents.models import InvolvementInterest, OutboundEmail, Preferences

from ..factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory, UserFactory


def form_data(neighbourhood, lead, **fields) -> dict:
    day = timezone.localdate() + timedelta(days=14)
    return {
        "neighbourhood": neighbourhood.pk,
        "kind": "explorer",
        "day": day.isoformat(),
        "start_time": "10:30",
        "end_time": "12:30",
        "meeting_point": "Millfield Community Centre",
        "route": "Alder House, Birch Court, the park",
        "distance_km": "2.5",
        "step_free": "on",
        "accessibility_notes": "Toilets at the community centre.",
        "capacity": "12",
        "lead": lead.pk,
        "partners": "Police; council street cleaning",
    } | fields


def local_resident(neighbourhood, *, interests=(InvolvementInterest.LOCAL,), do_not_contact=False, **fields):
    resident = ResidentFactory(home=HomeFactory(block=BlockFactory(neighbourhood=neighbourhood)), **fields)
    Preferences.objects.create(resident=resident, involvement_interests=list(interests), do_not_contact=do_not_contact)
    return resident


def invitations():
    return OutboundEmail.objects.filter(key__startswith="walkabout-invite:")


def test_staff_plan_a_walk_and_the_residents_who_asked_are_invited_once(client_for, staff, neighbourhood):
    asked = local_resident(neighbourhood, first_name="Ann")
    local_resident(neighbourhood, user=UserFactory(email="linked@example.org"), email="")
    local_resident(neighbourhood, interests=[InvolvementInterest.FORMAL])
    local_resident(neighbourhood, do_not_contact=True)
    local_resident(NeighbourhoodFactory(name="Hillside"))

    client = client_for("staff")
    response = client.post(reverse("community:walkabout_create"), form_data(neighbourhood, staff))

    walkabout = Walkabout.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:walkabout_manage", args=[walkabout.pk])
    assert (walkabout.kind, walkabout.capacity, walkabout.step_free, walkabout.seating) == ("explorer", 12, True, False)
    assert timezone.localtime(walkabout.starts_at).strftime("%H:%M") == "10:30"
    assert walkabout.remind_at == walkabout.starts_at - timedelta(days=1)
    assert sorted(invitations().values_list("to", flat=True)) == sorted([asked.email, "linked@example.org"])
    body = invitations().get(to=asked.email).body
    assert body.startswith("Dear Ann,") and "Step-free all the way".lower() in body.lower()

    services.invite_neighbourhood(walkabout=walkabout)  # run again: nobody gets a second
    assert invitations().count() == 2
    assert "We are emailing 2 residents" in client.get(response["Location"]).content.decode()


def test_bad_input_is_shown_next_to_the_field_and_kept(client_for, staff, neighbourhood):
    data = form_data(neighbourhood, staff, end_time="09:00", capacity="0", meeting_point="", route="Up the hill")
    response = client_for("staff").post(reverse("community:walkabout_create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "The end time must be after the start time." in body
    assert "At least 1 person must be able to come." in body
    assert "Say where people meet." in body
    assert "Up the hill" in body
    assert not Walkabout.objects.exists()


def test_a_walk_in_the_past_cannot_be_planned(client_for, staff, neighbourhood):
    data = form_data(neighbourhood, staff, day=(timezone.localdate() - timedelta(days=1)).isoformat())
    body = client_for("staff").post(reverse("community:walkabout_create"), data).content.decode()
    assert "The walk must be in the future." in body
    assert not Walkabout.objects.exists()


def test_changing_the_walk_keeps_its_neighbourhood_and_moves_the_reminder(client_for, staff, upcoming_walkabout):
    other = NeighbourhoodFactory(name="Hillside")
    data = form_data(other, staff, capacity="20", start_time="14:00", end_time="16:00")
    response = client_for("staff").post(reverse("community:walkabout_edit", args=[upcoming_walkabout.pk]), data)
    assert response.status_code == 302
    upcoming_walkabout.refresh_from_db()
    assert upcoming_walkabout.neighbourhood.name == "Millfield" and upcoming_walkabout.capacity == 20
    assert timezone.localtime(upcoming_walkabout.starts_at).strftime("%H:%M") == "14:00"
    assert upcoming_walkabout.remind_at == upcoming_walkabout.starts_at - timedelta(days=1)


def test_the_calendar_file_has_the_walk_with_its_time_and_meeting_point(client_for, resident, upcoming_walkabout):
    from icalendar import Calendar

    response = client_for("resident").get(reverse("community:walkabout_calendar", args=[upcoming_walkabout.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == upcoming_walkabout.starts_at.replace(microsecond=0)
    assert str(event["location"]) == "The front entrance of Alder House"
    assert str(event["summary"]) == upcoming_walkabout.title


def test_the_demo_seed_makes_a_walk_to_sign_up_to_and_a_report_once(db, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=out)
    assert "Demo walkabouts: one coming up and one with 3 issues" in out.getvalue()
    assert "Demo walkabouts: already present" in out.getvalue()
    assert Walkabout.objects.count() == 2
    reported = Walkabout.objects.get(report_published_at__isnull=False)
    assert reported.issues.count() == 3


def test_a_new_time_is_emailed_to_everyone_on_the_list_once(client_for, staff, resident, upcoming_walkabout):
    services.sign_up(walkabout=upcoming_walkabout, user=resident, resident=resident.resident, added_by=resident)
    url = reverse("community:walkabout_edit", args=[upcoming_walkabout.pk])
    client = client_for("staff")
    client.post(url, form_data(upcoming_walkabout.neighbourhood, staff, start_time="14:00", end_time="16:00"))
    client.post(url, form_data(upcoming_walkabout.neighbourhood, staff, start_time="14:00", end_time="16:00"))
    changed = OutboundEmail.objects.filter(key__startswith="walkabout_changed:")
    assert list(changed.values_list("to", flat=True)) == [resident.email]  # the second save changed nothing
    assert "14:00 to 16:00" in changed.get().body
