"""Who may see which event: published and cancelled events are public; drafts exist only for staff."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from residents.permissions import is_staff

from .models import Event


def get_event_for_user(request, pk: int) -> Event:
    events = Event.objects.select_related("space", "neighbourhood")
    if not is_staff(request.user):
        events = events.listed()
    return get_object_or_404(events, pk=pk)


def get_event_for_staff(pk: int) -> Event:
    event = Event.objects.select_related("space", "neighbourhood").filter(pk=pk).first()
    if event is None:
        raise Http404
    return event
