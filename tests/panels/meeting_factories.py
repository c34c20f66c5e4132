"""Meetings and their parts for tests (tests/panels/factories.py makes the panels and members)."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from panels.models import AgendaItem, Meeting, MeetingAction, MeetingPaper

from .factories import PanelFactory

# The smallest file check_document accepts as a PDF.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class MeetingFactory(DjangoModelFactory):
    """A meeting a week from now, 18:00 to 20:00."""

    class Meta:
        model = Meeting

    panel = factory.SubFactory(PanelFactory)
    title = factory.Sequence(lambda n: f"Panel meeting {n}")
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + datetime.timedelta(days=7)).replace(hour=18, minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(hours=2))
    place = "Community room, Alder House, LS6 2AB"
    reminder_due_at = factory.LazyAttribute(lambda m: Meeting.reminder_due_for(m.starts_at))


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class MeetingPaperFactory(DjangoModelFactory):
    class Meta:
        model = MeetingPaper

    meeting = factory.SubFactory(MeetingFactory)
    title = "Repairs performance report"
    size = len(PDF)
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="paper.pdf"))


class MeetingActionFactory(DjangoModelFactory):
    class Meta:
        model = MeetingAction

    meeting = factory.SubFactory(MeetingFactory)
    description = "Write to the repairs contractor about missed appointments."
    owner = "Repairs team"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
