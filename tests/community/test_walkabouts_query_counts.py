"""Walkabout pages cost the same number of queries with 5 sign-ups and issues as with 200."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.walkabouts import services
from community.walkabouts.models import SignUp, SignUpStatus, Walkabout, WalkaboutIssue
from residents.models import Channel, Feedback, FeedbackKind, FeedbackScope, FeedbackStatus

from ..factories import ResidentFactory
from ..querycount import queries_for_get
from .factories import plan
from .walkabout_fixtures import issue_spec


def fill(walkabout: Walkabout, size: int, staff) -> None:
    """`size` people coming, `size` waiting and `size` issues (raised by those coming)."""
    neighbourhood = walkabout.neighbourhood
    people = ResidentFactory.create_batch(2 * size, home__block__neighbourhood=neighbourhood, user=None)
    SignUp.objects.bulk_create(
        [
            SignUp(
                walkabout=walkabout,
                resident=person,
                status=SignUpStatus.GOING if n < size else SignUpStatus.WAITING,
                waiting_since=None if n < size else timezone.now(),
            )
            for n, person in enumerate(people)
        ]
    )
    Walkabout.objects.filter(pk=walkabout.pk).update(capacity=size)
    # One issue through the service (as staff log them); the rest in bulk, the same rows faster.
    services.log_issue(walkabout=walkabout, spec=issue_spec(people[0], assignee=staff), logged_by=staff)
    feedback = Feedback.objects.bulk_create(
        [
            Feedback(
                resident=person,
                logged_by=staff,
                channel=Channel.IN_PERSON,
                kind=FeedbackKind.SERVICE_REQUEST,
                category="grounds",
                scope=FeedbackScope.NEIGHBOURHOOD,
                home=person.home,
                block=person.home.block,
                neighbourhood=neighbourhood,
                text="Litter by the bins.",
                assignee=staff,
                status=FeedbackStatus.CLOSED if n % 2 else FeedbackStatus.NEW,
                closed_at=timezone.now() if n % 2 else None,
            )
            for n, person in enumerate(people[1:size])
        ]
    )
    WalkaboutIssue.objects.bulk_create(
        [
            WalkaboutIssue(
                walkabout=walkabout,
                feedback=item,
                location=f"Place {n}",
                due_on=timezone.localdate() + timedelta(days=n % 5 - 2),
                logged_by=staff,
            )
            for n, item in enumerate(feedback)
        ]
    )


def walks_of_size(neighbourhood, staff, size: int) -> Walkabout:
    walkabout = plan(neighbourhood, lead=staff, starts_in=-timedelta(days=3))
    fill(walkabout, size, staff)
    services.publish_report(walkabout=walkabout, summary="Being dealt with.", actor=staff)
    for _ in range(3 if size > 10 else 1):  # more walks in the lists too
        plan(neighbourhood, lead=staff, starts_in=timedelta(days=5))
    return walkabout


PAGES = {
    "staff list": (lambda walk: reverse("community:walkabout_staff_list"), "staff"),
    "manage": (lambda walk: reverse("community:walkabout_manage", args=[walk.pk]), "staff"),
    "report (staff)": (lambda walk: reverse("community:walkabout_report", args=[walk.pk]), "staff"),
    "report (resident)": (lambda walk: reverse("community:walkabout_report", args=[walk.pk]), "resident"),
    "list (resident)": (lambda walk: reverse("community:walkabout_list"), "resident"),
    "list (board)": (lambda walk: reverse("community:walkabout_list"), "board"),
    "detail (resident)": (lambda walk: reverse("community:walkabout_detail", args=[walk.pk]), "resident"),
    "log an issue": (lambda walk: reverse("community:walkabout_issue_new", args=[walk.pk]), "staff"),
}


@pytest.mark.parametrize("page", PAGES)
def test_queries_do_not_grow_with_sign_ups_and_issues(client_for, resident, board, staff, neighbourhood, page):
    url_for, persona = PAGES[page]
    client = client_for(persona)
    small = queries_for_get(client, url_for(walks_of_size(neighbourhood, staff, 5)))
    large = queries_for_get(client, url_for(walks_of_size(neighbourhood, staff, 200)))
    assert small.count == large.count, f"{small}\n\n{large}"
    assert large.count <= 16, large


def test_issue_logged_page_costs_the_same_whatever_the_walk(client_for, staff, neighbourhood):
    client = client_for("staff")
    counts = []
    for size in (5, 200):
        walk = walks_of_size(neighbourhood, staff, size)
        issue = walk.issues.last()
        counts.append(queries_for_get(client, reverse("community:walkabout_issue_logged", args=[walk.pk, issue.pk])))
    assert counts[0].count == counts[1].count, counts


def test_fill_makes_what_it_says(neighbourhood, staff):
    walk = walks_of_size(neighbourhood, staff, 5)
    assert walk.sign_ups.filter(status=SignUpStatus.GOING).count() == 5
    assert walk.sign_ups.filter(status=SignUpStatus.WAITING).count() == 5
    assert walk.issues.count() == 5
