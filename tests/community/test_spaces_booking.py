"""Asking for a space, staff deciding, cancelling: the rules and the messages people see."""

from datetime import time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from community.models import Booking, BookingDate, BookingStatus, Space, WhoMayBook
from community.spaces import services
from residents.models import OutboundEmail

from .spaces_factories import SpaceFactory
from .spaces_fixtures import next_weekday


def form_data(day, starts="10:00", ends="12:00", **fields):
    return {
        "purpose": "Coffee morning",
        "group_name": "",
        "people": 12,
        "day": day.isoformat(),
        "starts": starts,
        "ends": ends,
        "weeks": 1,
        **fields,
    }


def book_url(space):
    return reverse("community:booking_new", args=[space.slug])


def approved_booking(space, staff, day, starts=time(10), ends=time(12), weeks=1, purpose="Tenants' meeting"):
    return services.request_booking(
        space=space,
        requested_by=staff,
        resident=None,
        purpose=purpose,
        people=10,
        day=day,
        starts=starts,
        ends=ends,
        weeks=weeks,
        group_name="Millfield Tenants",
    )


def test_resident_asks_for_a_space_and_is_told_it_waits_for_a_decision(client_for, resident, community_space):
    tuesday = next_weekday(1)
    response = client_for("resident").post(book_url(community_space), form_data(tuesday), follow=True)

    booking = Booking.objects.get()
    assert booking.status == BookingStatus.REQUESTED
    assert booking.resident == resident.resident
    assert list(booking.dates.values_list("approved", flat=True)) == [False], "a request does not hold the space"
    page = response.content.decode()
    assert f"We have your request {booking.reference}" in page
    assert "Waiting for a decision" in page
    email = OutboundEmail.objects.get(key=f"booking-requested:{booking.pk}")
    assert email.to == resident.email
    assert "Coffee morning" in email.body


def test_a_time_that_overlaps_an_approved_booking_is_refused_next_to_the_field_with_free_times(
    client_for, resident, staff, community_space
):
    tuesday = next_weekday(1)
    approved_booking(community_space, staff, tuesday, time(9), time(11))

    response = client_for("resident").post(book_url(community_space), form_data(tuesday, "10:00", "12:00"))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["starts"] == [
        f"Alder House Community Room is already booked from 09:00 to 11:00 on {tuesday:%A} {tuesday.day} "
        f"{tuesday:%B %Y}. Choose a free time."
    ]
    slots = [str(free["slot"]) for free in response.context["free_slots"]]
    assert slots[0].endswith("11:00 to 22:00"), slots
    page = response.content.decode()
    assert "Free times near the one you asked for" in page
    assert 'value="Coffee morning"' in page, "what was typed is kept"
    assert Booking.objects.filter(requested_by=resident).count() == 0


def test_a_free_time_offered_fills_in_the_form(client_for, resident, community_space):
    tuesday = next_weekday(1)
    url = book_url(community_space) + f"?day={tuesday.isoformat()}&starts=11:00&ends=13:00"
    page = client_for("resident").get(url).content.decode()
    assert f'value="{tuesday.isoformat()}"' in page
    assert 'value="11:00"' in page and 'value="13:00"' in page


def test_a_time_outside_opening_hours_is_refused_with_the_hours(client_for, resident):
    space = SpaceFactory(name="Hall", hours={1: (time(9), time(17))})
    tuesday = next_weekday(1)
    response = client_for("resident").post(book_url(space), form_data(tuesday, "16:00", "18:00"))
    assert response.context["form"].errors["starts"] == [
        "Hall is open from 09:00 to 17:00 on Tuesdays. Choose a time when it is open (open Tuesday 09:00–17:00)."
    ]
    assert str(response.context["free_slots"][0]["slot"]).endswith("09:00 to 17:00")

    wednesday = tuesday + timedelta(days=1)
    closed = client_for("resident").post(book_url(space), form_data(wednesday))
    assert closed.context["form"].errors["starts"][0].startswith("Hall is closed on Wednesdays.")
    assert not Booking.objects.exists()


def test_a_weekly_booking_with_one_clashing_week_makes_nothing_and_names_the_week(
    client_for, resident, staff, community_space
):
    tuesday = next_weekday(1)
    third = tuesday + timedelta(weeks=2)
    approved_booking(community_space, staff, third, time(11), time(13))

    response = client_for("resident").post(book_url(community_space), form_data(tuesday, weeks=4))

    message = response.context["form"].errors["starts"][0]
    assert message == (
        f"Nothing has been booked: week 3 ({third:%A} {third.day} {third:%B %Y}) clashes with another booking. "
        "Choose another time, or fewer weeks."
    )
    assert str(response.context["free_slots"][0]["slot"]).startswith(f"{third:%A} {third.day} {third:%B %Y}")
    assert Booking.objects.filter(requested_by=resident).count() == 0
    assert BookingDate.objects.count() == 1


def test_a_weekly_booking_makes_one_date_a_week_at_the_same_local_time(client_for, resident, community_space):
    tuesday = next_weekday(1)
    client_for("resident").post(book_url(community_space), form_data(tuesday, weeks=12))
    booking = Booking.objects.get()
    dates = list(booking.dates.all())
    assert [d.week for d in dates] == list(range(1, 13))
    assert {d.starts_at.astimezone(uk()).strftime("%a %H:%M") for d in dates} == {"Tue 10:00"}
    assert booking.ends_at == dates[-1].ends_at


def uk():
    return timezone.get_current_timezone()


def test_more_people_than_the_space_holds_is_refused_next_to_the_number(client_for, resident, community_space):
    response = client_for("resident").post(book_url(community_space), form_data(next_weekday(1), people=31))
    assert response.context["form"].errors["people"] == ["Alder House Community Room holds up to 30 people."]


def test_a_date_in_the_past_is_refused(client_for, resident, community_space):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_for("resident").post(book_url(community_space), form_data(yesterday))
    assert response.context["form"].errors["day"] == ["Choose a date and time in the future."]


def test_end_before_start_is_refused(client_for, resident, community_space):
    response = client_for("resident").post(book_url(community_space), form_data(next_weekday(1), "12:00", "10:00"))
    assert response.context["form"].errors["ends"] == ["The end time must be after the start time."]


def test_a_space_for_groups_needs_the_groups_name(client_for, resident):
    space = SpaceFactory(who_may_book=WhoMayBook.GROUPS)
    response = client_for("resident").post(book_url(space), form_data(next_weekday(1)))
    assert response.context["form"].errors["group_name"] == ["Give the name of the group."]
    client_for("resident").post(book_url(space), form_data(next_weekday(1), group_name="Mill Lane Knitters"))
    assert Booking.objects.get().group_name == "Mill Lane Knitters"


def test_a_staff_only_space_cannot_be_asked_for_by_a_resident_and_says_so(client_for, resident):
    space = SpaceFactory(who_may_book=WhoMayBook.STAFF)
    assert client_for("resident").get(book_url(space)).status_code == 403
    detail = client_for("resident").get(reverse("community:space_detail", args=[space.slug])).content.decode()
    assert "Only our staff book this space" in detail


def test_staff_book_for_a_group_and_the_booking_is_approved_at_once(client_for, staff, community_space):
    response = client_for("staff").post(
        book_url(community_space), form_data(next_weekday(1), group_name="Millfield Tenants"), follow=True
    )
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.APPROVED
    assert booking.dates.get().approved
    assert "It is on the calendar" in response.content.decode()


def test_staff_must_name_the_group_they_book_for(client_for, staff, community_space):
    response = client_for("staff").post(book_url(community_space), form_data(next_weekday(1)))
    assert response.context["form"].errors["group_name"] == ["Give the name of the group."]


def test_staff_approve_a_request_and_the_requester_is_emailed(client_for, resident, own_booking):
    url = reverse("community:booking_decide", args=[own_booking.pk])
    response = client_for("staff").post(url, {"decision": "approve", "reason": "Keys from the caretaker."}, follow=True)

    own_booking.refresh_from_db()
    assert own_booking.status == BookingStatus.APPROVED
    assert own_booking.dates.get().approved
    assert "is approved" in response.content.decode()
    email = OutboundEmail.objects.get(key=f"booking-decided:{own_booking.pk}")
    assert email.to == resident.email
    assert "is approved" in email.subject
    assert "Keys from the caretaker." in email.body


def test_declining_needs_a_reason_and_the_requester_sees_it(client_for, resident, own_booking):
    url = reverse("community:booking_decide", args=[own_booking.pk])
    refused = client_for("staff").post(url, {"decision": "decline", "reason": ""})
    assert refused.status_code == 400
    assert refused.context["decision_form"].errors["reason"] == [
        "Say why the request is declined: the person who asked will see it."
    ]

    client_for("staff").post(url, {"decision": "decline", "reason": "The room is being decorated that week."})
    own_booking.refresh_from_db()
    assert own_booking.status == BookingStatus.DECLINED
    page = client_for("resident").get(reverse("community:booking_detail", args=[own_booking.pk])).content.decode()
    assert "Why it was declined" in page and "The room is being decorated that week." in page
    email = OutboundEmail.objects.get(key=f"booking-decided:{own_booking.pk}")
    assert "declined" in email.subject and "The room is being decorated that week." in email.body


def test_approving_a_request_that_now_clashes_is_refused_with_the_weeks(client_for, staff, own_booking):
    day = own_booking.dates.get().starts_at
    approved_booking(own_booking.space, staff, day.astimezone(uk()).date(), time(11), time(12))
    url = reverse("community:booking_decide", args=[own_booking.pk])
    response = client_for("staff").post(url, {"decision": "approve"})
    assert response.status_code == 400
    assert "already booked from 11:00 to 12:00" in response.content.decode()
    own_booking.refresh_from_db()
    assert own_booking.status == BookingStatus.REQUESTED


def test_a_decided_request_cannot_be_decided_again(client_for, own_booking, staff):
    services.decide_booking(booking=own_booking, decided_by=staff, approve=True)
    response = client_for("staff").post(
        reverse("community:booking_decide", args=[own_booking.pk]), {"decision": "decline", "reason": "No"}
    )
    assert response.status_code == 400
    own_booking.refresh_from_db()
    assert own_booking.status == BookingStatus.APPROVED


def test_the_requester_cancels_and_the_time_is_free_for_someone_else(client_for, resident, staff, own_booking):
    services.decide_booking(booking=own_booking, decided_by=staff, approve=True)
    client_for("resident").post(reverse("community:booking_cancel", args=[own_booking.pk]))
    own_booking.refresh_from_db()
    assert own_booking.status == BookingStatus.CANCELLED
    assert not own_booking.dates.get().approved
    assert not OutboundEmail.objects.filter(key__startswith="booking-cancelled:").exists(), "they know already"

    day = own_booking.dates.get().starts_at.astimezone(uk()).date()
    approved_booking(own_booking.space, staff, day)  # the same time, approved without a clash


def test_staff_cancelling_tells_the_requester(client_for, resident, own_booking):
    client_for("staff").post(reverse("community:booking_cancel", args=[own_booking.pk]))
    assert OutboundEmail.objects.get(key=f"booking-cancelled:{own_booking.pk}").to == resident.email


def test_another_resident_cannot_cancel_a_booking(client_for, own_booking):
    response = client_for("other_resident").post(reverse("community:booking_cancel", args=[own_booking.pk]))
    assert response.status_code == 404
    own_booking.refresh_from_db()
    assert own_booking.status == BookingStatus.REQUESTED


def test_my_bookings_lists_only_my_own(client_for, resident, other_resident, community_space, own_booking):
    services.request_booking(
        space=community_space,
        requested_by=other_resident,
        resident=other_resident.resident,
        purpose="Piotr's birthday",
        people=5,
        day=next_weekday(3),
        starts=time(14),
        ends=time(16),
    )
    page = client_for("resident").get(reverse("community:my_bookings")).content.decode()
    assert own_booking.reference in page and "Coffee morning" in page
    assert "Piotr's birthday" not in page


def test_the_staff_queue_shows_requests_waiting_for_a_decision(client_for, own_booking, staff):
    page = client_for("staff").get(reverse("community:booking_queue")).content.decode()
    assert own_booking.reference in page
    services.decide_booking(booking=own_booking, decided_by=staff, approve=True)
    assert own_booking.reference not in client_for("staff").get(reverse("community:booking_queue")).content.decode()
    everything = client_for("staff").get(reverse("community:booking_queue") + "?show=all").content.decode()
    assert own_booking.reference in everything


def test_the_database_refuses_two_approved_dates_that_overlap_but_allows_back_to_back(own_booking, staff):
    booking_date = own_booking.dates.get()
    BookingDate.objects.filter(pk=booking_date.pk).update(approved=True)
    other = approved_booking(
        own_booking.space, staff, booking_date.starts_at.astimezone(uk()).date(), time(12), time(13)
    )
    assert other.status == BookingStatus.APPROVED, "ending at 12:00 and starting at 12:00 do not overlap"
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingDate.objects.create(
            booking=other,
            space=own_booking.space,
            week=2,
            starts_at=booking_date.starts_at + timedelta(minutes=30),
            ends_at=booking_date.ends_at,
            approved=True,
        )
    # Requests that are not approved may overlap: staff choose between them.
    BookingDate.objects.create(
        booking=other, space=own_booking.space, week=3, starts_at=booking_date.starts_at, ends_at=booking_date.ends_at
    )


def test_a_free_time_link_keeps_what_was_typed_and_a_weekly_series_keeps_its_first_date(
    client_for, resident, staff, community_space
):
    tuesday = next_weekday(1)
    third = tuesday + timedelta(weeks=2)
    approved_booking(community_space, staff, third, time(8), time(12))
    response = client_for("resident").post(
        book_url(community_space), form_data(tuesday, weeks=4, purpose="Homework club", people=9)
    )
    link = response.context["free_slots"][0]["url"]
    assert f"day={tuesday.isoformat()}" in link and "starts=12%3A00" in link
    page = client_for("resident").get(link).content.decode()
    assert 'value="Homework club"' in page and 'value="9"' in page
    assert '<option value="4" selected>' in page


# Staff manage the spaces ----------------------------------------------------------------------------------


def space_form(neighbourhood, **fields):
    data = {
        "name": "Hillside Hall",
        "neighbourhood": neighbourhood.pk,
        "address": "2 Hill Road, Bradford BD1 4EF",
        "description": "",
        "capacity": 60,
        "step_free": "on",
        "accessibility_notes": "",
        "facilities": "Kitchen\nStage",
        "who_may_book": "residents",
        "is_active": "on",
        "0_opens": "09:00",
        "0_closes": "17:00",
        "5_opens": "10:00",
        "5_closes": "14:00",
    }
    return {**data, **fields}


def test_staff_add_a_space_with_its_opening_hours(client_for, neighbourhood):
    response = client_for("staff").post(reverse("community:space_create"), space_form(neighbourhood), follow=True)
    assert "Hillside Hall is saved." in response.content.decode()
    space = Space.objects.get(name="Hillside Hall")
    assert space.slug == "hillside-hall"
    assert [(h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in space.opening_hours.all()] == [
        (0, "09:00", "17:00"),
        (5, "10:00", "14:00"),
    ]
    assert space.facility_list == ["Kitchen", "Stage"] and space.step_free and not space.hearing_loop


def test_a_day_with_one_time_or_closing_before_opening_is_refused_by_day(client_for, neighbourhood):
    response = client_for("staff").post(
        reverse("community:space_create"),
        space_form(neighbourhood, **{"1_opens": "09:00", "2_opens": "18:00", "2_closes": "09:00", "capacity": 0}),
    )
    errors = response.context["form"].errors
    assert errors["1_closes"] == ["Give both times for Tuesday, or neither."]
    assert errors["2_closes"] == ["On Wednesday it must close after it opens."]
    assert errors["capacity"] == ["A space holds at least 1 person."]
    assert not Space.objects.filter(name="Hillside Hall").exists()


def test_shortening_the_hours_keeps_approved_bookings_and_names_them(client_for, staff, community_space):
    tuesday = next_weekday(1)
    booking = approved_booking(community_space, staff, tuesday, time(19), time(21))
    data = space_form(community_space.neighbourhood, name=community_space.name)
    data.update({f"{day}_opens": "09:00" for day in range(7)})
    data.update({f"{day}_closes": "17:00" for day in range(7)})
    response = client_for("staff").post(reverse("community:space_edit", args=[community_space.slug]), data, follow=True)
    page = response.content.decode()
    assert f"1 approved booking now falls outside the opening hours: {booking.reference}" in page
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED
    community_space.refresh_from_db()
    assert community_space.slug == "alder-house-room", "the address of its pages does not change"


def test_a_retired_space_stays_on_the_staff_list(client_for):
    SpaceFactory(name="Old Boiler Room", is_active=False)
    page = client_for("staff").get(reverse("community:space_manage")).content.decode()
    assert "Old Boiler Room" in page and "No (retired)" in page


def test_a_residents_data_download_holds_their_bookings_and_not_others(client_for, resident, own_booking, staff):
    data = client_for("resident").get(reverse("residents:data_export")).json()
    assert [b["reference"] for b in data["space_bookings"]] == [own_booking.reference]
    assert data["space_bookings"][0]["purpose"] == "Coffee morning"
    assert client_for("other_resident").get(reverse("residents:data_export")).json()["space_bookings"] is None


def test_the_demo_spaces_are_made_once(neighbourhood):
    from community.spaces.setup import seed_demo_spaces

    assert seed_demo_spaces().startswith("Demo spaces: made")
    assert seed_demo_spaces() == "Demo spaces: already present, left as they were."
    assert Space.objects.get(slug="millfield-main-hall").opening_hours.count() == 6
