"""Staff say what prompted an action by ticking it: walkabout issues of the plan's neighbourhood, surveys, scrutiny
recommendations, whatever kind "You said, we did" can cite (residents/updates/sources.py), beside the feedback
references field."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from community.models import Action, ActionPrompt
from community.plans.forms import PICKER_RECENT, ActionForm, neighbourhood_path, picker_name
from community.walkabouts import services as walkabouts
from community.walkabouts.models import WalkaboutIssue
from residents.models import Feedback

from ..factories import NeighbourhoodFactory, feedback_from
from ..surveys.factories import SurveyFactory
from .factories import plan as plan_walk
from .walkabout_fixtures import issue_spec

pytestmark = pytest.mark.django_db

ISSUES = picker_name(WalkaboutIssue)


@pytest.fixture
def staff_client(client_for, staff):
    return client_for("staff")


def text(response) -> str:
    return html.unescape(response.content.decode())


def ticked(page: str, name: str) -> list[str]:
    """The values of the tick boxes called `name` that are ticked."""
    boxes = [tag for tag in re.findall(r"<input[^>]*>", page) if f'name="{name}"' in tag]
    assert boxes, f"no tick boxes called {name}"
    return [re.search(r'value="([^"]*)"', tag).group(1) for tag in boxes if re.search(r"\schecked\b", tag)]


def action_data(**fields) -> dict:
    return {
        "title": "Clear the bin store",
        "description": "Weekly clearance.",
        "topic": "grounds",
        "owner": "Estates",
        "status": "not_started",
        "prompt_references": "",
    } | fields


@pytest.fixture
def hillside_issue(staff):
    """A walkabout issue in another neighbourhood than the shared plan's."""
    walk = plan_walk(NeighbourhoodFactory(name="Hillside Vale"), lead=staff, starts_in=-timedelta(days=1))
    spec = issue_spec(None, location="Hillside garages")
    return walkabouts.log_issue(walkabout=walk, spec=spec, logged_by=staff).issue


def test_walkabout_issues_are_found_through_their_walk():
    assert neighbourhood_path(WalkaboutIssue) == "walkabout__neighbourhood"


def test_staff_tick_the_walkabout_issues_of_the_plans_neighbourhood_that_prompted_an_action(
    staff_client, shared_plan, walkabout_issue, hillside_issue, resident
):
    url = reverse("community:action_create", args=[shared_plan.pk])
    form = text(staff_client.get(url))
    assert "What prompted it: walkabout issues" in form
    assert f"Walkabout issue {walkabout_issue.feedback.reference}: Bin store behind Alder House" in form
    assert "Hillside garages" not in form  # another neighbourhood's walk

    feedback = feedback_from(resident.resident)
    response = staff_client.post(
        url, action_data(prompt_references=feedback.reference, **{ISSUES: [walkabout_issue.pk]})
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Clear the bin store")
    assert {link.source for link in ActionPrompt.objects.filter(action=action)} == {feedback, walkabout_issue}

    edit = reverse("community:action_edit", args=[shared_plan.pk, action.pk])
    page = text(staff_client.get(edit))
    assert ticked(page, ISSUES) == [str(walkabout_issue.pk)]
    assert f"<li>Walkabout issue {walkabout_issue.feedback.reference}: Bin store behind Alder House</li>" in page

    # Unticked, it is no longer cited; the feedback typed in its field stays.
    staff_client.post(edit, action_data(prompt_references=feedback.reference))
    assert [link.source for link in ActionPrompt.objects.filter(action=action)] == [feedback]


def test_an_item_not_offered_is_refused_next_to_its_field_and_nothing_is_lost(
    staff_client, shared_plan, walkabout_issue, hillside_issue
):
    url = reverse("community:action_create", args=[shared_plan.pk])
    response = staff_client.post(url, action_data(title="Typed title", **{ISSUES: [hillside_issue.pk]}))
    assert response.status_code == 200
    page = text(response)
    assert "Choose only from the list: one of those ticked is no longer there." in page
    assert "There is a problem" in page and 'value="Typed title"' in page
    assert not Action.objects.filter(title="Typed title").exists()


def test_a_linked_item_stays_offered_and_ticked_when_it_is_no_longer_among_the_latest(
    staff, shared_plan, walkabout_issue
):
    action = shared_plan.actions.get()
    ActionPrompt.objects.create(action=action, source=walkabout_issue)
    walk = walkabout_issue.walkabout
    for n in range(PICKER_RECENT + 2):
        walkabouts.log_issue(walkabout=walk, spec=issue_spec(None, location=f"Spot {n}"), logged_by=staff)
    form = ActionForm(instance=Action.objects.select_related("plan").get(pk=action.pk))
    choices = [pk for pk, _ in form.fields[ISSUES].choices]
    assert len(choices) == PICKER_RECENT + 1 and walkabout_issue.pk in choices
    assert form.initial[ISSUES] == [walkabout_issue.pk]
    data = action_data(**{ISSUES: [walkabout_issue.pk]})
    bound = ActionForm(data, instance=Action.objects.select_related("plan").get(pk=action.pk))
    assert bound.is_valid(), bound.errors
    assert bound.prompts() == [walkabout_issue]


def test_a_survey_can_be_ticked_too(staff_client, shared_plan):
    survey = SurveyFactory(title="Living in Millfield")
    url = reverse("community:action_create", args=[shared_plan.pk])
    name = picker_name(type(survey))
    assert "Survey: Living in Millfield" in text(staff_client.get(url))
    staff_client.post(url, action_data(**{name: [survey.pk]}))
    assert [link.source for link in Action.objects.get(title="Clear the bin store").prompts.all()] == [survey]


def test_feedback_and_actions_have_no_picker(shared_plan, resident):
    feedback_from(resident.resident)
    form = ActionForm(instance=Action(plan=shared_plan))
    assert picker_name(Feedback) not in form.fields and picker_name(Action) not in form.fields
