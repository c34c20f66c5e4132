"""The demo decisions and outcome indicators seed_demo makes, once, so a first `make run` shows those pages with
something in them."""

import pytest
from django.urls import reverse

from engagement.decisions.demo import seed_demo_decisions
from engagement.decisions.models import Decision, DecisionStatus
from engagement.outcomes.demo import seed_demo_outcomes
from engagement.outcomes.models import OutcomeIndicator
from residents import demo
from residents.models import OutboundEmail

from ..factories import ResidentFactory, feedback_from
from ..surveys.fixtures import build_survey

pytestmark = pytest.mark.django_db


def test_demo_decisions_cite_demo_input_and_one_is_public(client_for):
    assert seed_demo_decisions in demo.SEEDS
    assert seed_demo_decisions() == "", "nothing to cite without demo feedback"
    resident = ResidentFactory()
    feedback_from(resident)
    build_survey()
    emails = OutboundEmail.objects.count()

    assert seed_demo_decisions().startswith("Demo decisions: 2")
    published = Decision.objects.get(status=DecisionStatus.PUBLISHED)
    ready = Decision.objects.get(status=DecisionStatus.READY)
    assert published.sources.count() == ready.sources.count() == 2
    assert OutboundEmail.objects.count() == emails, "demo residents are not emailed"
    public = client_for("anonymous").get(reverse("decisions:public_list")).content.decode()
    assert published.title in public and ready.title not in public

    assert seed_demo_decisions() == ""
    assert Decision.objects.count() == 2


def test_demo_outcome_indicators_show_on_each_outcome_page(client_for):
    assert seed_demo_outcomes in demo.SEEDS
    assert seed_demo_outcomes().startswith("Demo outcomes framework: 7")
    assert seed_demo_outcomes() == ""
    assert OutcomeIndicator.objects.count() == 7
    page = client_for("board").get(reverse("outcomes:outcome_detail", args=["staff_wellbeing"]))
    assert page.status_code == 200
    assert "Staff pulse" in page.content.decode()
