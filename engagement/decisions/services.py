"""Decisions: citing resident input, the moves between states, and telling the residents whose input is cited,
exactly once, when a decision is published.

Publishing locks the decision row, moves it from ready for Board to published and queues the emails in the same
transaction (each with its own outbox key): a second attempt, at once or later, finds it published and queues
nothing, and the outbox would skip a repeated key anyway.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from residents.models import Resident
from residents.outbox import services as outbox
from residents.updates import sources

from .models import Decision, DecisionSource, DecisionStatus

EDITABLE = (DecisionStatus.DRAFT, DecisionStatus.READY)
NO_SECTIONS = "Write how residents' views were considered before marking it ready for the Board."
NO_CHANGES = "Write what changed because of residents' views before marking it ready for the Board."
NO_INPUT = "Cite at least one piece of resident input before marking it ready for the Board."


def source_models() -> list:
    """Every model the portal registered as something that carries residents' voices, by its name."""
    found = [model for model in apps.get_models() if sources.is_source_model(model)]
    return sorted(found, key=lambda model: str(model._meta.verbose_name).lower())


def _locked(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().get(pk=decision.pk)


def missing_for_board(decision: Decision, *, has_input: bool | None = None) -> dict[str, str]:
    """What stops a decision being ready for the Board, by the field it belongs to ('sources' for the input)."""
    missing = {}
    if not decision.how_considered.strip():
        missing["how_considered"] = NO_SECTIONS
    if not decision.what_changed.strip():
        missing["what_changed"] = NO_CHANGES
    if has_input is None:
        has_input = decision.sources.exists()
    if not has_input:
        missing["sources"] = NO_INPUT
    return missing


@transaction.atomic
def cite(*, decision: Decision, obj) -> DecisionSource:
    """Cite one more piece of resident input (any registered source). Citing it again changes nothing."""
    decision = _locked(decision)
    if decision.status not in EDITABLE:
        raise ValidationError("This decision is published, so what it cites can no longer change.")
    if not sources.is_source_model(type(obj)):
        raise ValidationError(f"{obj} is not resident input that a decision can cite.")
    link, _ = DecisionSource.objects.get_or_create(
        decision=decision, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )
    return link


@transaction.atomic
def uncite(*, decision: Decision, source_id: int) -> None:
    decision = _locked(decision)
    if decision.status not in EDITABLE:
        raise ValidationError("This decision is published, so what it cites can no longer change.")
    if decision.status == DecisionStatus.READY and decision.sources.exclude(pk=source_id).count() == 0:
        raise ValidationError(
            "A decision ready for the Board must cite at least one piece of resident input: add another first, "
            "or make it a draft again."
        )
    decision.sources.filter(pk=source_id).delete()


@transaction.atomic
def mark_ready(*, decision: Decision) -> Decision:
    decision = _locked(decision)
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError("Only a draft can be marked ready for the Board.")
    missing = missing_for_board(decision)
    if missing:
        raise ValidationError(missing)
    decision.status = DecisionStatus.READY
    decision.ready_at = timezone.now()
    decision.save(update_fields=["status", "ready_at", "updated_at"])
    return decision


@transaction.atomic
def back_to_draft(*, decision: Decision) -> Decision:
    decision = _locked(decision)
    if decision.status != DecisionStatus.READY:
        raise ValidationError("Only a decision ready for the Board can go back to being a draft.")
    decision.status = DecisionStatus.DRAFT
    decision.ready_at = None
    decision.save(update_fields=["status", "ready_at", "updated_at"])
    return decision


@transaction.atomic
def publish(*, decision: Decision, now=None) -> Decision:
    """Publish a decision ready for the Board and tell each resident whose input it cites, once."""
    decision = _locked(decision)
    if decision.status != DecisionStatus.READY:
        raise ValidationError("Only a decision ready for the Board can be published.")
    missing = missing_for_board(decision)
    if missing:
        raise ValidationError(missing)
    heard = sources.voices(decision.sources.all())
    decision.status = DecisionStatus.PUBLISHED
    decision.published_at = now or timezone.now()
    decision.residents_told = _tell_residents(decision, heard)
    decision.save(update_fields=["status", "published_at", "residents_told", "updated_at"])
    return decision


def _tell_residents(decision: Decision, resident_ids: set[int]) -> int:
    """Queue one email to each resident heard, unless they asked not to be contacted (set-based)."""
    link = f"{settings.SITE_URL}{reverse('decisions:public_detail', args=[decision.pk])}"
    recipients = (
        Resident.objects.filter(id__in=resident_ids)
        .exclude(preferences__do_not_contact=True)
        .select_related("user")
        .only("id", "first_name", "email", "user__email")
    )
    messages = [
        outbox.email(
            template="decision_published",
            key=f"decision-published:{decision.pk}:{resident.pk}",
            to=(resident.user.email if resident.user_id else "") or resident.email,
            context={"resident": resident, "decision": decision, "link": link},
        )
        for resident in recipients
    ]
    outbox.queue_emails(messages)
    return sum(1 for message in messages if message.to)


@transaction.atomic
def withdraw(*, decision: Decision, reason: str) -> Decision:
    decision = _locked(decision)
    if decision.status != DecisionStatus.PUBLISHED:
        raise ValidationError("Only a published decision can be withdrawn.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason: it is kept with the decision for the Board and staff."})
    decision.status = DecisionStatus.WITHDRAWN
    decision.withdrawn_at = timezone.now()
    decision.withdrawn_reason = reason.strip()
    decision.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"])
    return decision
