"""Who may see which event: published and cancelled events are public; drafts exist only for staff."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from residents.permissions import is_staff

from .models import Event, EventStatus


def can_sign_up(event: Event) -> bool:
    """Sign-up is open from publishing until the event starts (the waiting list too)."""
    return event.status == EventStatus.PUBLISHED and event.starts_at > timezone.now()


def can_see_event(user, event: Event) -> bool:
    return is_staff(user) or event.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED)


def get_event_for_user(request, pk: int) -> Event:
    """An event the visitor may see (can_see_event, said as a query): a draft does not exist for residents."""
    events = Event.objects.select_related("space", "neighbourhood")
    if not is_staff(request.user):
        events = events.listed()
    return get_object_or_404(events, pk=pk)


def get_event_for_staff(pk: int) -> Event:
    event = Event.objects.select_related("space", "neighbourhood").filter(pk=pk).first()
    if event is None:
        raise Http404
    return event
