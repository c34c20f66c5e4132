"""What a "You said, we did" entry can cite, across the portal.

Apps above this one (surveys, panels, community) register their models here from AppConfig.ready(), saying
how an object is described to staff and whose voices it carries, so this app never imports them.

A kind may also say, the other way round, which of its objects one resident's involvement is behind
(object_ids_for_resident: a resident's id -> a QuerySet of those objects' ids, e.g. ``.values("pk")``, evaluated
by the database as a subquery): a resident's involvement record then lists the entries citing them, with one
query for every kind together (cited_for_resident).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models


@dataclass(frozen=True)
class SourceKind:
    model: type[models.Model]
    describe: Callable[[models.Model], str]
    resident_ids: Callable[[list[int]], Iterable[int]]  # ids of the objects -> ids of residents heard
    # a resident's id -> a QuerySet of the ids of the objects their involvement is behind (optional)
    object_ids_for_resident: Callable[[int], models.QuerySet] | None = None


_KINDS: dict[str, SourceKind] = {}


def register_source(model, *, describe, resident_ids, object_ids_for_resident=None) -> None:
    _KINDS[model._meta.label_lower] = SourceKind(
        model=model, describe=describe, resident_ids=resident_ids, object_ids_for_resident=object_ids_for_resident
    )


def cited_for_resident(resident_id: int) -> models.Q:
    """The condition, on YouSaidWeDidSource rows, of citing something this resident's involvement is behind, in
    any kind that can say so: one OR of subqueries, so asking costs one query whatever the number of kinds.
    The content type is matched by its name (a join), so no content type is looked up first."""
    condition = models.Q(pk__in=[])
    for kind in _KINDS.values():
        if kind.object_ids_for_resident is None:
            continue
        condition |= models.Q(
            content_type__app_label=kind.model._meta.app_label,
            content_type__model=kind.model._meta.model_name,
            object_id__in=kind.object_ids_for_resident(resident_id),
        )
    return condition


def registered_kinds() -> list[SourceKind]:
    """Every kind of object an entry can cite, in the order the apps registered them (for pickers above)."""
    return list(_KINDS.values())


def kind_for(content_type: ContentType) -> SourceKind | None:
    return _KINDS.get(f"{content_type.app_label}.{content_type.model}")


def is_source_model(model) -> bool:
    return model._meta.label_lower in _KINDS


def voices(sources) -> set[int]:
    """Distinct residents whose voices a set of YouSaidWeDidSource rows carry (one query per kind)."""
    by_type: dict[int, list[int]] = {}
    for source in sources:
        by_type.setdefault(source.content_type_id, []).append(source.object_id)
    heard: set[int] = set()
    for content_type_id, object_ids in by_type.items():
        kind = kind_for(ContentType.objects.get_for_id(content_type_id))
        if kind:
            heard.update(kind.resident_ids(object_ids))
    heard.discard(None)  # an object nobody raised (feedback logged for a neighbourhood) carries no voice
    return heard


def describe(source) -> str:
    kind = kind_for(ContentType.objects.get_for_id(source.content_type_id))
    obj = source.source
    if kind is None or obj is None:
        return "An item that has since been removed"
    return kind.describe(obj)
