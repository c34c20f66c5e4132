"""What Block Champions hand the layers below, registered from the community app's ready(): the resident home links to
the block's page and how to become its champion, and a champion's activity (their time as champion, the issues they
logged) is on their involvement record."""

from django.urls import reverse
from django.utils import timezone


def register() -> None:
    from residents import homepanels
    from residents.involvement.sources import Activity, register_activity_source

    from ..walkabouts.models import WalkaboutIssue
    from .models import BlockChampion, ChampionStatus

    homepanels.register_home_panel(
        "community/champions/home_panel.html", lambda resident: {"block_id": resident.home.block_id}, order=60
    )

    def day(moment):
        return timezone.localdate(moment) if moment else None

    register_activity_source(
        "block_champion",
        for_resident=lambda resident: BlockChampion.objects.filter(
            resident=resident,
            status__in=[ChampionStatus.APPROVED, ChampionStatus.STEPPED_DOWN],
            decided_at__isnull=False,
        ).select_related("block"),
        describe=lambda champion: Activity(
            f"Block Champion for {champion.block.name}",
            started=day(champion.decided_at),
            ended=day(champion.stepped_down_at),
            ongoing=champion.status == ChampionStatus.APPROVED,
            link=reverse("community:champion_apply"),
        ),
    )
    # The issues a resident logged as a Block Champion, on a walk or on their block between walks (their own
    # feedback: they follow it on My feedback).
    register_activity_source(
        "block_champion_issues",
        for_resident=lambda resident: (
            WalkaboutIssue.objects.filter(logged_by_id=resident.user_id, feedback__resident=resident)
            .select_related("feedback")
            .only("created_at", "location", "feedback__id", "feedback__category")
            if resident.user_id
            else []
        ),
        describe=lambda issue: Activity(
            f"Reported {issue.feedback.reference} ({issue.feedback.get_category_display().lower()}): {issue.location}",
            started=day(issue.created_at),
            link=reverse("residents:feedback_detail", args=[issue.feedback_id]),
        ),
    )
