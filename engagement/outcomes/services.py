"""Staff choosing, changing and removing an outcome's indicators."""

from django.db import transaction

from .models import OutcomeIndicator


@transaction.atomic
def add_indicator(*, outcome: str, indicator: str, direction: str, target, actor) -> OutcomeIndicator:
    return OutcomeIndicator.objects.create(
        outcome=outcome, indicator=indicator, direction=direction, target=target, created_by=actor
    )


@transaction.atomic
def change_indicator(*, chosen: OutcomeIndicator, indicator: str, direction: str, target) -> OutcomeIndicator:
    chosen = OutcomeIndicator.objects.select_for_update().get(pk=chosen.pk)
    chosen.indicator, chosen.direction, chosen.target = indicator, direction, target
    chosen.save(update_fields=["indicator", "direction", "target", "updated_at"])
    return chosen


@transaction.atomic
def remove_indicator(*, chosen: OutcomeIndicator) -> None:
    OutcomeIndicator.objects.filter(pk=chosen.pk).delete()
