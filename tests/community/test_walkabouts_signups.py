"""Signing up to a walk, the waiting list, cancelling, and staff adding a resident who phoned."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from community.walkabouts import services
from community.walkabouts.models import SignUp, SignUpStatus
from residents.models import OutboundEmail, Role

from ..factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory, UserFactory
from .factories import plan


def linked_resident(neighbourhood, name: str):
    user = UserFactory(full_name=name)
    ResidentFactory(
        home=HomeFactory(block=BlockFactory(neighbourhood=neighbourhood)),
        user=user,
        first_name=name.split()[0],
        last_name=name.split()[1],
    )
    return user


def emails(template: str):
    return OutboundEmail.objects.filter(key__startswith=f"{template}:")


def test_a_resident_signs_up_and_is_emailed_with_the_calendar_link(client_for, resident, upcoming_walkabout):
    url = reverse("community:walkabout_sign_up", args=[upcoming_walkabout.pk])
    response = client_for("resident").post(url, {"needs": "I use a walking stick"}, follow=True)
    assert "You are signed up" in response.content.decode()
    record = SignUp.objects.get(walkabout=upcoming_walkabout)
    assert (record.status, record.resident, record.user, record.needs) == (
        SignUpStatus.GOING,
        resident.resident,
        resident,
        "I use a walking stick",
    )
    email = emails("walkabout_signed_up").get()
    assert email.to == resident.email
    assert reverse("community:walkabout_calendar", args=[upcoming_walkabout.pk]) in email.body


def test_signing_up_twice_keeps_one_place(client_for, resident, upcoming_walkabout):
    url = reverse("community:walkabout_sign_up", args=[upcoming_walkabout.pk])
    client = client_for("resident")
    client.post(url)
    client.post(url)
    assert SignUp.objects.filter(walkabout=upcoming_walkabout).count() == 1
    assert emails("walkabout_signed_up").count() == 1


def test_a_board_member_signs_up_to_any_walk(client_for, board, upcoming_walkabout):
    client_for("board").post(reverse("community:walkabout_sign_up", args=[upcoming_walkabout.pk]))
    record = SignUp.objects.get(walkabout=upcoming_walkabout)
    assert record.user == board and record.resident is None and record.status == SignUpStatus.GOING


def test_when_full_the_next_goes_on_the_waiting_list_and_moves_up_when_someone_cancels(neighbourhood, staff):
    walkabout = plan(neighbourhood, lead=staff, capacity=1)
    first, second, third = (linked_resident(neighbourhood, n) for n in ("Ann Ash", "Ben Birch", "Cat Cedar"))
    for user in (first, second, third):
        services.sign_up(walkabout=walkabout, user=user, resident=user.resident, added_by=user)
    statuses = dict(SignUp.objects.values_list("user__full_name", "status"))
    assert statuses == {"Ann Ash": "going", "Ben Birch": "waiting", "Cat Cedar": "waiting"}
    assert emails("walkabout_waiting").count() == 2

    promoted = services.cancel_sign_up(sign_up=SignUp.objects.get(user=first))

    assert promoted.user == second  # the first to join the waiting list
    statuses = dict(SignUp.objects.values_list("user__full_name", "status"))
    assert statuses == {"Ann Ash": "cancelled", "Ben Birch": "going", "Cat Cedar": "waiting"}
    told = emails("walkabout_place_free").get()
    assert told.to == second.email and "you now have a place" in told.body


def test_the_resident_cancels_from_the_page_and_can_sign_up_again(client_for, resident, upcoming_walkabout):
    client = client_for("resident")
    client.post(reverse("community:walkabout_sign_up", args=[upcoming_walkabout.pk]))
    response = client.post(reverse("community:walkabout_cancel", args=[upcoming_walkabout.pk]), follow=True)
    assert "You are no longer signed up" in response.content.decode()
    assert SignUp.objects.get().status == SignUpStatus.CANCELLED
    client.post(reverse("community:walkabout_sign_up", args=[upcoming_walkabout.pk]))
    assert SignUp.objects.get().status == SignUpStatus.GOING
    assert emails("walkabout_signed_up").count() == 2  # told each time they signed up


def test_nobody_signs_up_once_the_walk_has_started(client_for, resident, past_walkabout):
    response = client_for("board").post(reverse("community:walkabout_sign_up", args=[past_walkabout.pk]))
    assert response.status_code == 400
    assert "already started" in response.content.decode()
    assert not SignUp.objects.filter(walkabout=past_walkabout, user__role=Role.BOARD).exists()


def test_another_neighbourhoods_resident_cannot_sign_up(client_for, other_resident, upcoming_walkabout):
    response = client_for("other_resident").post(reverse("community:walkabout_sign_up", args=[upcoming_walkabout.pk]))
    assert response.status_code == 404
    assert not SignUp.objects.exists()


def test_staff_add_a_resident_who_phoned_by_their_reference(client_for, upcoming_walkabout, neighbourhood):
    phoned = ResidentFactory(
        home=HomeFactory(block=BlockFactory(neighbourhood=neighbourhood)),
        resident_reference="R-555001",
        first_name="Doris",
        last_name="Day",
        email="",
    )
    url = reverse("community:walkabout_add_person", args=[upcoming_walkabout.pk])
    response = client_for("staff").post(url, {"who": "r-555001", "needs": "Needs a seat"}, follow=True)
    assert "Doris Day is coming" in response.content.decode()
    record = SignUp.objects.get(walkabout=upcoming_walkabout)
    assert (record.resident, record.user, record.status) == (phoned, None, SignUpStatus.GOING)
    page = client_for("staff").get(reverse("community:walkabout_manage", args=[upcoming_walkabout.pk]))
    assert "Doris Day" in page.content.decode() and "No email: phone them" in page.content.decode()


def test_adding_someone_the_register_does_not_know_says_so_and_keeps_what_was_typed(client_for, upcoming_walkabout):
    url = reverse("community:walkabout_add_person", args=[upcoming_walkabout.pk])
    response = client_for("staff").post(url, {"who": "R-000404"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "No resident on the register matches" in body and 'value="R-000404"' in body
    assert not SignUp.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_place_at_once_get_one_place_and_one_waiting(transactional_db):
    """Two connections sign up at the same moment for the one place left: the lock on the walk's row makes the
    second count the first's place."""
    neighbourhood = NeighbourhoodFactory(name="Millfield")
    walkabout = plan(neighbourhood, capacity=2)
    already = linked_resident(neighbourhood, "Ann Ash")
    services.sign_up(walkabout=walkabout, user=already, resident=already.resident, added_by=already)
    racers = [linked_resident(neighbourhood, name) for name in ("Ben Birch", "Cat Cedar")]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def take_place(user):
        try:
            barrier.wait()
            services.sign_up(walkabout=walkabout, user=user, resident=user.resident, added_by=user)
        except BaseException as error:  # noqa: BLE001  (reported by the main thread)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_place, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors
    statuses = sorted(SignUp.objects.filter(user__in=racers).values_list("status", flat=True))
    assert statuses == [SignUpStatus.GOING, SignUpStatus.WAITING]
    assert SignUp.objects.filter(walkabout=walkabout, status=SignUpStatus.GOING).count() == 2


def test_more_places_move_people_up_from_the_waiting_list(neighbourhood, staff):
    walkabout = plan(neighbourhood, lead=staff, capacity=1)
    for name in ("Ann Ash", "Ben Birch"):
        user = linked_resident(neighbourhood, name)
        services.sign_up(walkabout=walkabout, user=user, resident=user.resident, added_by=user)
    fields = {key: getattr(walkabout, key) for key in services.PLAN_FIELDS} | {"capacity": 2}
    services.change_walkabout(walkabout=walkabout, actor=staff, **fields)
    assert SignUp.objects.filter(status=SignUpStatus.GOING).count() == 2
    assert emails("walkabout_place_free").count() == 1


def test_a_walk_a_week_away_is_not_yet_open_for_issues_and_its_place_count_shows(client_for, upcoming_walkabout):
    page = client_for("resident").get(reverse("community:walkabout_detail", args=[upcoming_walkabout.pk]))
    assert "10 places left." in page.content.decode()
    response = client_for("staff").get(reverse("community:walkabout_issue_new", args=[upcoming_walkabout.pk]))
    assert response.status_code == 302
    assert upcoming_walkabout.starts_at - timedelta(days=1) == upcoming_walkabout.remind_at


def test_a_residents_sign_ups_are_in_their_data_download(client_for, resident, upcoming_walkabout):
    client = client_for("resident")
    client.post(reverse("community:walkabout_sign_up", args=[upcoming_walkabout.pk]), {"needs": "A seat"})
    download = client.get(reverse("residents:data_export")).json()
    assert download["walkabouts"] == [
        {
            "walk": upcoming_walkabout.title,
            "status": "Coming",
            "needs": "A seat",
            "signed_up": SignUp.objects.get().created_at.isoformat(),
        }
    ]


def test_staff_cancel_the_place_of_someone_who_phoned_and_the_waiting_list_moves_up(client_for, neighbourhood, staff):
    walkabout = plan(neighbourhood, lead=staff, capacity=1)
    first, second = (linked_resident(neighbourhood, name) for name in ("Ann Ash", "Ben Birch"))
    for user in (first, second):
        services.sign_up(walkabout=walkabout, user=user, resident=user.resident, added_by=user)
    record = SignUp.objects.get(user=first)
    url = reverse("community:walkabout_remove_person", args=[walkabout.pk, record.pk])
    response = client_for("staff").post(url, follow=True)
    assert "Ann Ash is no longer on the list. Ben Birch moves up from the waiting list and is told." in (
        response.content.decode()
    )
    assert SignUp.objects.get(user=second).status == SignUpStatus.GOING
    # A place of another walk is not found under this one.
    other = plan(neighbourhood, lead=staff)
    assert (
        client_for("staff").post(reverse("community:walkabout_remove_person", args=[other.pk, record.pk])).status_code
        == 404
    )


def test_someone_waiting_sees_where_they_stand(neighbourhood, staff):
    walkabout = plan(neighbourhood, lead=staff, capacity=1)
    people = [linked_resident(neighbourhood, name) for name in ("Ann Ash", "Ben Birch", "Cat Cedar")]
    for user in people:
        services.sign_up(walkabout=walkabout, user=user, resident=user.resident, added_by=user)
    pages = {}
    for user in people[1:]:
        client = Client()
        client.force_login(user)
        pages[user.full_name] = client.get(reverse("community:walkabout_detail", args=[walkabout.pk])).content.decode()
    assert "You are on the waiting list, next in line." in pages["Ben Birch"]
    assert "You are on the waiting list: number 2." in pages["Cat Cedar"]
