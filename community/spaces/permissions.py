"""Who may do what with spaces and bookings. Predicates are plain functions (tested as a persona x state table in
tests/community/test_spaces_permissions.py); get_booking_for_user is the one way a view reaches a booking."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from residents.permissions import is_resident, is_staff

from .models import Booking, BookingStatus, Space, WhoMayBook

LIVE = (BookingStatus.REQUESTED, BookingStatus.APPROVED)


def can_request_booking(user, space: Space, *, linked: bool) -> bool:
    """Linked residents may ask for spaces residents or groups book; staff may book any space for a group."""
    if not space.is_active:
        return False
    if is_staff(user):
        return True
    return is_resident(user) and linked and space.who_may_book != WhoMayBook.STAFF


def can_see_booking(user, booking: Booking) -> bool:
    return is_staff(user) or (user.is_authenticated and booking.requested_by_id == user.pk)


def can_cancel(user, booking: Booking) -> bool:
    return can_see_booking(user, booking) and booking.status in LIVE and not booking.is_over


def can_decide(user, booking: Booking) -> bool:
    return is_staff(user) and booking.status == BookingStatus.REQUESTED and not booking.is_over


def can_see_purpose(user) -> bool:
    """What a booking is for is shown to staff only; everyone else sees "Booked" (a booking can say a lot about
    who lives where and what they do)."""
    return is_staff(user)


def get_booking_for_user(request, pk: int) -> Booking:
    """A booking for its requester or staff. Someone else's booking does not exist for them (404); roles that
    never hold bookings (board) get 403."""
    user = request.user
    if not (is_staff(user) or is_resident(user)):
        raise PermissionDenied
    booking = get_object_or_404(
        Booking.objects.select_related(
            "space__neighbourhood", "requested_by", "resident", "decided_by", "cancelled_by"
        ),
        pk=pk,
    )
    if not can_see_booking(user, booking):
        raise Http404
    return booking
