"""Staff pages for who a survey asks, publishing, sending progress and the phone-or-paper list."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from panels.models import PanelKind
from residents.models import Home, Resident
from surveys.models import AudienceKind, Invitation, SurveyKind
from surveys.services import invitations

from ..panels.factories import MembershipFactory, PanelFactory
from ..querycount import queries_for_get
from .fixtures import build_survey
from .sending_helpers import prefer, residents_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client_for):
    return client_for("staff")


def test_staff_choose_a_sample_and_see_the_numbers_before_publishing(staff_client):
    residents = residents_in("Millfield", 6)
    prefer(residents[0], do_not_contact=True)
    survey = build_survey()
    response = staff_client.post(
        reverse("surveys:survey_audience", args=[survey.pk]),
        {
            "audience": "sample",
            "sample_size": "3",
            "cadence": "once",
            "wave_count": "1",
            "reminder_after_days": "7",
            "reminder_limit": "2",
        },
    )
    assert response["Location"] == reverse("surveys:survey_publish", args=[survey.pk])
    page = staff_client.get(response["Location"]).content.decode()
    assert "3 residents: 3 by email and 0 by phone or paper" in page
    assert "of whom 1 is left out" in page and "Asked us not to contact them" in page


def test_an_audience_missing_its_choice_is_refused_next_to_the_field(staff_client):
    survey = build_survey()
    response = staff_client.post(
        reverse("surveys:survey_audience", args=[survey.pk]),
        {
            "audience": "neighbourhoods",
            "cadence": "once",
            "wave_count": "1",
            "reminder_after_days": "7",
            "reminder_limit": "2",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert response.context["form"].errors["audience_neighbourhoods"] == ["Choose at least one neighbourhood."]


def test_staff_search_the_register_and_hand_pick_residents(staff_client):
    margaret = residents_in("Millfield", 1, first_name="Margaret", last_name="Hughes")[0]
    survey = build_survey(audience=AudienceKind.CHOSEN)
    url = reverse("surveys:survey_audience", args=[survey.pk])
    found = staff_client.get(url, {"q": "hughes"}).content.decode()
    assert "Margaret Hughes" in found and "Add<span" in found
    staff_client.post(reverse("surveys:audience_residents", args=[survey.pk]), {"resident": margaret.pk, "q": "hughes"})
    assert list(survey.audience_residents.all()) == [margaret]
    assert "On the list" in staff_client.get(url, {"q": "hughes"}).content.decode()
    staff_client.post(
        reverse("surveys:audience_residents", args=[survey.pk]), {"resident": margaret.pk, "action": "remove"}
    )
    assert not survey.audience_residents.exists()


def test_publishing_a_consultation_without_its_influence_texts_says_so_where_staff_are_looking(staff_client):
    survey = build_survey(kind=SurveyKind.CONSULTATION)
    response = staff_client.post(
        reverse("surveys:survey_publish", args=[survey.pk]), {"opens_on": timezone.localdate().isoformat()}
    )
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert "A consultation must tell residents what residents can influence" in text
    assert 'aria-describedby="publish-problems"' in text
    assert not survey.waves.exists()


def test_publishing_sends_invitations_and_shows_progress(staff_client):
    residents_in("Millfield", 2)
    residents_in("Millfield", 1, email=False)
    survey = build_survey()
    url = reverse("surveys:survey_publish", args=[survey.pk])
    response = staff_client.post(url, {"opens_on": timezone.localdate().isoformat()})
    assert response["Location"] == reverse("surveys:survey_progress", args=[survey.pk])
    assert staff_client.post(url, {"opens_on": timezone.localdate().isoformat()}).status_code == 302  # again
    assert survey.invitations.count() == 3
    invitations.send_survey_invitations(survey_id=survey.pk)
    page = staff_client.get(response["Location"]).content.decode()
    assert 'Emails waiting to go</th><td class="text-end">2' in page
    assert 'By phone or paper (no email address)</th><td class="text-end">1' in page
    assert 'hx-trigger="every 3s"' in page
    partial = staff_client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="sending-progress"') or "sending-progress" in partial
    assert "<html" not in partial


def test_the_opening_day_cannot_be_in_the_past(staff_client):
    survey = build_survey()
    response = staff_client.post(
        reverse("surveys:survey_publish", args=[survey.pk]),
        {"opens_on": (timezone.localdate() - timedelta(days=1)).isoformat()},
    )
    assert response.context["form"].errors["opens_on"] == ["The opening day cannot be in the past."]


def test_the_offline_list_shows_phone_address_and_whether_they_answered(staff_client):
    survey = build_survey()
    offline = residents_in("Millfield", 2, email=False, phone="0113 496 0000")
    invitations.publish_survey(survey=survey)
    Invitation.objects.filter(resident=offline[0]).update(responded=True)
    page = staff_client.get(reverse("surveys:offline_list", args=[survey.pk])).content.decode()
    assert offline[0].full_name in page and "0113 496 0000" in page and offline[1].home.address in page
    assert page.count("Enter answers<span") == 1
    invitation = survey.invitations.get(resident=offline[1])
    assert reverse("surveys:staff_answer", args=[survey.pk, invitation.pk]) in page


def _many_invitations(survey, count: int, *, email: bool):
    """count more residents invited to the survey, made in bulk (the page's cost must not grow with them)."""
    home = Home.objects.first()
    start = Resident.objects.count()
    residents = Resident.objects.bulk_create(
        Resident(
            resident_reference=f"BULK-{start + n}",
            tenancy_reference=f"BT-{start + n}",
            home=home,
            first_name="Bulk",
            last_name=f"Resident {start + n}",
            email=f"bulk{start + n}@example.org" if email else "",
        )
        for n in range(count)
    )
    Invitation.objects.bulk_create(
        Invitation(survey=survey, wave=survey.waves.get(number=1), resident=r, channel="email" if email else "offline")
        for r in residents
    )


@pytest.mark.parametrize("page", ["surveys:survey_progress", "surveys:offline_list"])
def test_progress_and_offline_pages_cost_the_same_queries_at_any_size(staff_client, page):
    residents_in("Millfield", 2)
    residents_in("Millfield", 2, email=False)
    survey = build_survey(cadence="monthly", wave_count=3)
    invitations.publish_survey(survey=survey)
    invitations.send_survey_invitations(survey_id=survey.pk)
    url = reverse(page, args=[survey.pk])
    small = queries_for_get(staff_client, url)

    _many_invitations(survey, 300, email=True)
    _many_invitations(survey, 300, email=False)
    invitations.send_survey_invitations(survey_id=survey.pk)
    large = queries_for_get(staff_client, url)

    assert small.count == large.count, f"{small}\n{large}"
    assert large.count <= 8, large


def test_publishing_to_nobody_is_refused_and_says_who_was_left_out(staff_client):
    for resident in residents_in("Millfield", 2):
        prefer(resident, survey_opt_out=True)
    survey = build_survey()
    url = reverse("surveys:survey_publish", args=[survey.pk])
    before = staff_client.get(url).content.decode()
    assert "0 residents: 0 by email and 0 by phone or paper" in before
    assert (
        "Nobody would be invited: all 2 residents this survey covers are left out (opted out of surveys: 2)" in before
    )

    response = staff_client.post(url, {"opens_on": timezone.localdate().isoformat()})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Nobody would be invited" in " ".join(response.context["form"].non_field_errors())
    assert "Invitations are on their way" not in page
    survey.refresh_from_db()
    assert survey.is_draft and not survey.waves.exists()


def test_residents_rested_after_a_recent_survey_leave_nobody_to_invite(staff_client):
    residents = residents_in("Millfield", 2)
    invitations.publish_survey(survey=build_survey(title="Last month's survey"))
    survey = build_survey()
    with pytest.raises(ValidationError, match=r"invited to a survey in the last 90 days: 2"):
        invitations.publish_survey(survey=survey)
    later = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError, match="Nobody would be invited"):
        invitations.publish_survey(survey=survey, opens_at=later)  # counted for the opening day too
    assert not survey.waves.exists() and Invitation.objects.filter(resident__in=residents).count() == 2


def test_the_publish_page_says_who_is_asked_by_email_and_who_staff_contact(staff_client):
    residents_in("Millfield", 2)
    residents_in("Millfield", 1, email=False)
    survey = build_survey()
    url = reverse("surveys:survey_publish", args=[survey.pk])
    page = staff_client.get(url).content.decode()
    assert "3 residents: 2 by email and 1 by phone or paper (no email address)" in page
    assert "The 1 without an email address are listed for staff to contact by phone or post" in page
    response = staff_client.post(url, {"opens_on": timezone.localdate().isoformat()}, follow=True)
    assert "Published. Invitations to 3 residents are on their way." in response.content.decode()


def test_staff_choose_a_panel_as_the_audience_and_the_survey_names_it(staff_client):
    together = PanelFactory(name="Together Panel", slug="together", kind=PanelKind.TOGETHER)
    MembershipFactory(panel=together, resident=residents_in("Millfield", 1)[0])
    survey = build_survey()
    url = reverse("surveys:survey_audience", args=[survey.pk])
    form = {
        "audience": "panel",
        "cadence": "once",
        "wave_count": "1",
        "reminder_after_days": "7",
        "reminder_limit": "2",
    }

    refused = staff_client.post(url, form)
    assert refused.context["form"].errors["audience_panel"] == ["Choose the panel whose members to ask."]
    assert refused.context["form"]["audience"].value() == "panel"  # what was chosen is kept
    assert "Choose the panel whose members to ask." in refused.content.decode()

    response = staff_client.post(url, {**form, "audience_panel": together.pk})
    assert response["Location"] == reverse("surveys:survey_publish", args=[survey.pk])
    assert "1 resident: 1 by email" in staff_client.get(response["Location"]).content.decode()
    detail = staff_client.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
    assert "The current members of the Together Panel" in detail
