"""Two staff approving clashing requests at the same moment, on real PostgreSQL: the exclusion constraint lets
exactly one through, and the other is told the time is taken. No lock in Python decides this."""

import threading
import time as clock
from datetime import time

import pytest
from django.db import connection, connections, transaction

from community.models import Booking, BookingDate, BookingStatus
from community.spaces import services

from ..factories import HomeFactory, ResidentFactory, UserFactory
from .spaces_factories import SpaceFactory
from .spaces_fixtures import next_weekday

pytestmark = pytest.mark.django_db(transaction=True)


def waiting_on_a_lock() -> int:
    """Sessions of this database blocked on a lock right now (another connection than the threads')."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def until(condition, *, seconds: float = 15) -> None:
    """Poll until the database shows the state we wait for (not a clock wait: the other thread is blocked)."""
    deadline = clock.monotonic() + seconds
    while not condition():
        assert clock.monotonic() < deadline, "the second approval never waited for the first"
        clock.sleep(0.02)


def two_clashing_requests():
    space = SpaceFactory()
    staff = UserFactory(role="staff")
    tuesday = next_weekday(1)
    requests = []
    for n, (starts, ends) in enumerate([(time(10), time(12)), (time(11), time(13))]):
        user = UserFactory()
        resident = ResidentFactory(home=HomeFactory(), user=user)
        requests.append(
            services.request_booking(
                space=space,
                requested_by=user,
                resident=resident,
                purpose=f"Request {n}",
                people=5,
                day=tuesday,
                starts=starts,
                ends=ends,
            )
        )
    return staff, requests


def test_two_approvals_at_once_of_overlapping_requests_approve_exactly_one():
    staff, (first, second) = two_clashing_requests()
    first_approved = threading.Event()
    commit_first = threading.Event()
    outcomes: dict[str, object] = {}

    def approve_first():
        try:
            with transaction.atomic():
                services.decide_booking(booking=first, decided_by=staff, approve=True)
                first_approved.set()
                commit_first.wait(timeout=20)  # hold the transaction open while the second approval runs
            outcomes["first"] = "approved"
        except BaseException as error:  # noqa: BLE001  (reported by the main thread)
            outcomes["first"] = error
            first_approved.set()
        finally:
            connection.close()

    def approve_second():
        try:
            services.decide_booking(booking=second, decided_by=staff, approve=True)
            outcomes["second"] = "approved"
        except services.BookingProblem as problem:
            outcomes["second"] = problem
        except BaseException as error:  # noqa: BLE001
            outcomes["second"] = error
        finally:
            connection.close()

    one = threading.Thread(target=approve_first)
    one.start()
    assert first_approved.wait(timeout=20)
    two = threading.Thread(target=approve_second)
    two.start()
    # The second approval is inside PostgreSQL, blocked by the first's uncommitted approved dates.
    until(lambda: waiting_on_a_lock() >= 1)
    commit_first.set()
    one.join(timeout=20)
    two.join(timeout=20)

    assert outcomes["first"] == "approved", outcomes
    problem = outcomes["second"]
    assert isinstance(problem, services.BookingProblem), outcomes
    assert "already booked from 10:00 to 12:00" in " ".join(problem.messages)
    assert Booking.objects.get(pk=first.pk).status == BookingStatus.APPROVED
    assert Booking.objects.get(pk=second.pk).status == BookingStatus.REQUESTED
    assert BookingDate.objects.filter(approved=True).count() == 1


def test_two_staff_booking_the_same_time_at_once_get_one_booking():
    space = SpaceFactory()
    tuesday = next_weekday(1)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []
    staff_members = [UserFactory(role="staff"), UserFactory(role="staff")]

    def book(user):
        try:
            barrier.wait(timeout=20)
            outcomes.append(
                services.request_booking(
                    space=space,
                    requested_by=user,
                    resident=None,
                    purpose="Group meeting",
                    people=5,
                    day=tuesday,
                    starts=time(18),
                    ends=time(20),
                    group_name="Millfield Tenants",
                )
            )
        except BaseException as error:  # noqa: BLE001  (reported by the main thread)
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(user,)) for user in staff_members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    made = [o for o in outcomes if isinstance(o, Booking)]
    refused = [o for o in outcomes if isinstance(o, services.BookingProblem)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert "already booked from 18:00 to 20:00" in " ".join(refused[0].messages)
    assert BookingDate.objects.filter(approved=True).count() == 1
