"""Community spaces for tests: a space open every day from 08:00 to 22:00 unless told otherwise."""

from datetime import time

import factory
from factory.django import DjangoModelFactory

from community.models import OpeningHours, Space, WhoMayBook

from ..factories import NeighbourhoodFactory


class SpaceFactory(DjangoModelFactory):
    class Meta:
        model = Space
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Community Room {n}")
    slug = factory.Sequence(lambda n: f"community-room-{n}")
    neighbourhood = factory.SubFactory(NeighbourhoodFactory, name="Millfield")
    address = "Alder House, 1 Mill Lane, Leeds LS6 2AB"
    description = "A bright ground-floor room with a kitchen."
    capacity = 30
    step_free = True
    hearing_loop = True
    accessible_toilet = False
    facilities = "Kitchen\nTables and chairs\nWi-Fi"
    who_may_book = WhoMayBook.RESIDENTS

    @factory.post_generation
    def hours(obj, create, extracted, **kwargs):
        """hours={weekday: (opens, closes)}; by default open every day 08:00 to 22:00."""
        if not create:
            return
        chosen = extracted if extracted is not None else {day: (time(8), time(22)) for day in range(7)}
        OpeningHours.objects.bulk_create(
            OpeningHours(space=obj, weekday=day, opens=opens, closes=closes) for day, (opens, closes) in chosen.items()
        )
