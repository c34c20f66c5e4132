"""Reads for the decision pages: lists with their counts, and cited input described in a fixed number of
queries (one for the links, one per kind of input, whatever their number)."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count

from community.models import WalkaboutIssue
from panels.models import Recommendation
from residents.updates import sources

from .models import Decision, DecisionSource


def with_input_counts(decisions):
    return decisions.annotate(input_count=Count("sources"))


def public_list():
    return with_input_counts(Decision.objects.published().defer("how_considered", "what_changed")).order_by(
        "-published_at", "-id"
    )


def cited(decision: Decision) -> list[tuple[DecisionSource, str]]:
    """Each cited input with how the registry describes it. The kinds whose description reads a related row
    (a walkabout issue's feedback reference, a recommendation's review) fetch it with them."""
    links = list(
        decision.sources.prefetch_related(
            GenericPrefetch(
                "source",
                [WalkaboutIssue.objects.select_related("feedback"), Recommendation.objects.select_related("review")],
            )
        ).order_by("content_type_id", "object_id")
    )
    return [(link, sources.describe(link)) for link in links]


def cited_kinds(decision: Decision) -> list[tuple[str, int]]:
    """The public page's account of the input cited: how many of each kind, never which (one query). A resident's
    feedback is theirs: its reference and subject stay on the staff and Board pages."""
    rows = decision.sources.values("content_type").annotate(count=Count("id")).order_by("content_type")
    kinds = []
    for row in rows:
        meta = ContentType.objects.get_for_id(row["content_type"]).model_class()._meta
        kinds.append((str(meta.verbose_name if row["count"] == 1 else meta.verbose_name_plural), row["count"]))
    return kinds


def voices_heard(cited_links: list[tuple[DecisionSource, str]]) -> int:
    """How many distinct residents gave the cited input (one query per kind of input)."""
    return len(sources.voices([link for link, _ in cited_links]))
