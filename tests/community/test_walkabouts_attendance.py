"""Who came on a walk: staff record it once the walk has started (came or did not come, for residents and Board
members with a place; a resident who joined on the day can be added), and residents who came have the walk's hours
on their involvement record, against their walkabout volunteer role if they have one; a correction takes them off.
The report's "who took part" uses attendance once it is recorded."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from community.walkabouts import selectors, services
from community.walkabouts.models import SignUp, SignUpStatus, Walkabout
from residents.involvement.models import Interest, InterestStatus, Opportunity, OpportunityKind, OpportunityStatus
from residents.models import HoursEntry, Resident

from ..factories import ResidentFactory
from .factories import plan


def attendance_url(walkabout) -> str:
    return reverse("community:walkabout_attendance", args=[walkabout.pk])


@pytest.fixture
def walked(past_walkabout, board):
    """The past walk: the `resident` persona and a Board member had places, and someone on the waiting list."""
    SignUp.objects.create(walkabout=past_walkabout, user=board, status=SignUpStatus.GOING)
    waiting = ResidentFactory(home__block__neighbourhood=past_walkabout.neighbourhood, user=None)
    SignUp.objects.create(
        walkabout=past_walkabout, resident=waiting, status=SignUpStatus.WAITING, waiting_since=timezone.now()
    )
    return past_walkabout


def places(walkabout) -> dict:
    return {record.name: record for record in SignUp.objects.filter(walkabout=walkabout, status=SignUpStatus.GOING)}


def test_staff_record_who_came_and_residents_get_the_hours(client_for, resident, board, walked):
    staff = client_for("staff")
    page = staff.get(attendance_url(walked))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Amina Okafor" in text and str(board) in text
    going = places(walked)
    me, board_place = going["Amina Okafor"], going[str(board)]
    response = staff.post(attendance_url(walked), {f"came_{me.pk}": "yes", f"came_{board_place.pk}": "yes"})
    assert response.status_code == 302
    entry = HoursEntry.objects.get()
    assert (entry.resident, entry.hours, entry.on, entry.description, entry.confirmed) == (
        resident.resident,
        Decimal("2.00"),
        timezone.localdate(walked.starts_at),
        walked.title,
        True,
    )
    assert entry.opportunity is None
    # Corrected: they did not come after all, so the hours go; the Board member's attendance stays.
    staff.post(attendance_url(walked), {f"came_{me.pk}": "no", f"came_{board_place.pk}": "yes"})
    assert not HoursEntry.objects.exists()
    me.refresh_from_db()
    board_place.refresh_from_db()
    assert (me.attended, board_place.attended) == (False, True)
    # And "not recorded" clears it.
    staff.post(attendance_url(walked), {f"came_{me.pk}": "", f"came_{board_place.pk}": "yes"})
    me.refresh_from_db()
    assert me.attended is None


def test_a_bad_choice_is_shown_next_to_the_person_and_saves_nothing(client_for, walked):
    me = places(walked)["Amina Okafor"]
    response = client_for("staff").post(attendance_url(walked), {f"came_{me.pk}": "maybe"})
    assert response.status_code == 400
    assert "Choose came, did not come or not recorded." in response.content.decode()
    me.refresh_from_db()
    assert me.attended is None and not HoursEntry.objects.exists()


def test_attendance_waits_for_the_walk_to_start(client_for, upcoming_walkabout):
    response = client_for("staff").get(attendance_url(upcoming_walkabout))
    assert response.status_code == 302
    assert response["Location"] == reverse("community:walkabout_manage", args=[upcoming_walkabout.pk])
    with pytest.raises(Exception, match="once the walk has started"):
        services.record_attendance(walkabout=upcoming_walkabout, attended={})


def test_a_resident_who_joined_on_the_day_is_added_as_having_come(client_for, walked):
    newcomer = ResidentFactory(
        home__block__neighbourhood=walked.neighbourhood, user=None, first_name="Bea", last_name="Walker"
    )
    url = reverse("community:walkabout_add_on_the_day", args=[walked.pk])
    response = client_for("staff").post(url, {"who": newcomer.resident_reference})
    assert response.status_code == 302
    record = SignUp.objects.get(walkabout=walked, resident=newcomer)
    assert (record.status, record.attended) == (SignUpStatus.GOING, True)
    assert HoursEntry.objects.get().resident == newcomer
    # Added twice: told they are on the list already, next to the field, keeping what was typed.
    again = client_for("staff").post(url, {"who": newcomer.resident_reference})
    assert again.status_code == 400
    text = again.content.decode()
    assert "already on the list" in text and newcomer.resident_reference in text
    nobody = client_for("staff").post(url, {"who": ""})
    assert "Enter the resident&#x27;s reference" in nobody.content.decode()


def test_a_walkabout_volunteers_hours_count_towards_their_role(resident, staff, walked):
    role = Opportunity.objects.create(
        title="Walkabout volunteer",
        kind=OpportunityKind.WALKABOUT,
        status=OpportunityStatus.PUBLISHED,
        neighbourhood=walked.neighbourhood,
        pathway_to_change="What you find goes to the neighbourhood team, who decide what is put right within a month.",
        outcomes=["resident_experience"],
        closes_on=timezone.localdate() + timedelta(days=30),
    )
    Interest.objects.create(opportunity=role, resident=resident.resident, status=InterestStatus.ACCEPTED)
    me = places(walked)["Amina Okafor"]
    services.record_attendance(walkabout=walked, attended={me.pk: True})
    assert HoursEntry.objects.get().opportunity == role


def test_who_took_part_in_the_report_uses_attendance_once_recorded(walked):
    going = places(walked)
    assert selectors.took_part(walked) == 2
    assert services.participants(walked).count() == 2
    services.record_attendance(walkabout=walked, attended={going["Amina Okafor"].pk: True})
    assert selectors.took_part(walked) == 1
    assert [record.name for record in services.participants(walked)] == ["Amina Okafor"]


@pytest.mark.parametrize("size", [2, 50])
def test_recording_who_came_costs_the_same_queries_however_many(django_assert_num_queries, neighbourhood, size):
    walkabout = plan(neighbourhood, starts_in=timedelta(days=-1), capacity=100)
    walkabout = Walkabout.objects.get(pk=walkabout.pk)
    people = ResidentFactory.create_batch(size, home__block__neighbourhood=neighbourhood, user=None)
    records = SignUp.objects.bulk_create(
        [SignUp(walkabout=walkabout, resident=person, status=SignUpStatus.GOING) for person in people]
    )
    ContentType.objects.get_for_model(walkabout)
    attended = {record.pk: True for record in records}
    with django_assert_num_queries(13):
        assert services.record_attendance(walkabout=walkabout, attended=attended) == size
    assert HoursEntry.objects.count() == size
    attended[records[0].pk] = False
    with django_assert_num_queries(15):
        assert services.record_attendance(walkabout=walkabout, attended=attended) == size - 1
    assert not HoursEntry.objects.filter(resident=people[0]).exists()
    assert Resident.objects.filter(involvement_hours__isnull=False).count() == size - 1
