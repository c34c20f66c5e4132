"""Reads about events: lists with their places taken, and a resident's own sign-up."""

from django.db.models import Count, Q, QuerySet

from .models import Event, EventSignUp, EventSignUpStatus

BOOKED = Count("sign_ups", filter=Q(sign_ups__status=EventSignUpStatus.BOOKED))
WAITING = Count("sign_ups", filter=Q(sign_ups__status=EventSignUpStatus.WAITING))


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.select_related("space", "neighbourhood").annotate(booked=BOOKED, waiting=WAITING)


def live_sign_up(event: Event, user) -> EventSignUp | None:
    """The signed-in resident's place or waiting-list entry for this event, with their place in the queue."""
    if not user.is_authenticated:
        return None
    sign_up = (
        EventSignUp.objects.filter(
            event=event, resident__user=user, status__in=[EventSignUpStatus.BOOKED, EventSignUpStatus.WAITING]
        )
        .select_related("resident")
        .first()
    )
    if sign_up and sign_up.status == EventSignUpStatus.WAITING:
        sign_up.queue_position = (
            EventSignUp.objects.filter(event=event, status=EventSignUpStatus.WAITING)
            .filter(Q(created_at__lt=sign_up.created_at) | Q(created_at=sign_up.created_at, pk__lt=sign_up.pk))
            .count()
            + 1
        )
    return sign_up


def attended_an_event(period) -> Q:
    """As a condition on Resident: came to an event or focus group (attendance recorded by staff) that started in
    the period (anything with `starts_at` and `ends_at`). For the Board's involvement reach: the "events" activity
    in engagement/board/involvement.py takes this function."""
    return Q(
        pk__in=EventSignUp.objects.filter(
            attended=True, event__starts_at__gte=period.starts_at, event__starts_at__lt=period.ends_at
        ).values("resident_id")
    )
