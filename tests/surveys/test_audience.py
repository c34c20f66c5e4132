"""Who a survey asks: the audience staff choose, who is left out and why, and a stratified random sample."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from panels.models import MembershipStatus, PanelKind
from residents.models import Tenure
from surveys.models import AudienceKind, Invitation, SurveyKind
from surveys.services import audience, invitations

from ..factories import NeighbourhoodFactory
from ..panels.factories import ApplicationFactory, MembershipFactory, PanelFactory
from .fixtures import build_survey, publish_for
from .sending_helpers import prefer, residents_in

pytestmark = pytest.mark.django_db


def test_everyone_gets_one_invitation_by_email_or_on_the_offline_list():
    with_email = residents_in("Millfield", 3)
    without = residents_in("Millfield", 2, email=False)
    survey = build_survey()

    wave = invitations.publish_survey(survey=survey)

    channels = dict(Invitation.objects.filter(survey=survey).values_list("resident_id", "channel"))
    assert channels == {r.pk: "email" for r in with_email} | {r.pk: "offline" for r in without}
    assert (wave.audience_size, wave.invited) == (5, 5)
    tokens = [invitation.token for invitation in Invitation.objects.all()]
    assert len(set(tokens)) == 5
    assert all(Invitation.objects.by_token(token).get().token == token for token in tokens)


def test_residents_who_asked_not_to_be_contacted_or_were_asked_recently_are_left_out_and_counted():
    keep, no_contact, opted_out, recent, long_ago = (residents_in("Millfield", 1)[0] for _ in range(5))
    prefer(no_contact, do_not_contact=True)
    prefer(opted_out, survey_opt_out=True)
    earlier = build_survey(title="Earlier survey")
    publish_for(earlier, recent, long_ago)
    Invitation.objects.filter(resident=long_ago).update(created_at=timezone.now() - timedelta(days=91))
    survey = build_survey()

    preview = audience.count_audience(survey=survey)
    wave = invitations.publish_survey(survey=survey)

    expected = {"do_not_contact": 1, "survey_opt_out": 1, "already_asked": 0, "recently_invited": 1}
    assert preview.exclusions == expected
    assert wave.exclusions == expected
    assert set(survey.invitations.values_list("resident_id", flat=True)) == {keep.pk, long_ago.pk}


def test_the_rest_period_is_a_setting(settings):
    resident = residents_in("Millfield", 1)[0]
    publish_for(build_survey(title="Earlier survey"), resident)
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=20))
    settings.SURVEY_REST_DAYS = 14
    assert audience.count_audience(survey=build_survey()).audience == 1
    settings.SURVEY_REST_DAYS = 30
    assert audience.count_audience(survey=build_survey()).audience == 0


def test_neighbourhood_tenure_and_hand_picked_audiences():
    millfield = residents_in("Millfield", 2)
    hillside_owners = residents_in("Hillside", 2, tenure=Tenure.LCHO)
    riverside = residents_in("Riverside", 1)

    by_place = audience.set_audience(
        survey=build_survey(title="Millfield"),
        kind=AudienceKind.NEIGHBOURHOODS,
        neighbourhoods=[NeighbourhoodFactory(name="Millfield")],
        tenure="",
        sample_size=None,
        cadence="once",
        wave_count=1,
        reminder_after_days=7,
        reminder_limit=2,
    )
    assert audience.count_audience(survey=by_place).audience == 2

    owners = build_survey(title="Owners", audience=AudienceKind.TENURE, audience_tenure=Tenure.LCHO)
    invitations.publish_survey(survey=owners)
    assert set(owners.invitations.values_list("resident_id", flat=True)) == {r.pk for r in hillside_owners}

    picked = build_survey(title="Picked", audience=AudienceKind.CHOSEN)
    audience.add_audience_residents(survey=picked, residents=[millfield[0], riverside[0], hillside_owners[1]])
    wave = invitations.publish_survey(survey=picked)
    # The owner was asked by the survey just before: the rest period leaves them out.
    assert set(picked.invitations.values_list("resident_id", flat=True)) == {millfield[0].pk, riverside[0].pk}
    assert wave.exclusions["recently_invited"] == 1


def test_an_audience_with_nothing_chosen_cannot_be_published():
    residents_in("Millfield", 1)
    survey = build_survey(audience=AudienceKind.CHOSEN)
    with pytest.raises(ValidationError, match="Add at least one resident"):
        invitations.publish_survey(survey=survey)
    assert not survey.invitations.exists()


def test_largest_remainder_gives_the_places_left_to_the_largest_remainders():
    assert audience.largest_remainder({"a": 5, "b": 3, "c": 2}, 5) == {"a": 3, "b": 1, "c": 1}
    assert audience.largest_remainder({"a": 1, "b": 1}, 10) == {"a": 1, "b": 1}
    assert audience.largest_remainder({"a": 7, "b": 2, "c": 1}, 3) == {"a": 2, "b": 1, "c": 0}


def test_a_sample_is_allocated_to_neighbourhood_and_tenure_in_proportion_and_drawn_at_random():
    strata = {
        ("Millfield", Tenure.LCRA): 13,
        ("Millfield", Tenure.LCHO): 4,
        ("Hillside", Tenure.LCRA): 9,
        ("Riverside", Tenure.LCRA): 4,
    }
    who = {}
    for (place, tenure), count in strata.items():
        for resident in residents_in(place, count, tenure=tenure):
            who[resident.pk] = (place, tenure)
    survey = build_survey(audience=AudienceKind.SAMPLE, sample_size=10)

    wave = invitations.publish_survey(survey=survey)

    drawn = Counter(who[pk] for pk in survey.invitations.values_list("resident_id", flat=True))
    assert dict(drawn) == {key: n for key, n in audience.largest_remainder(strata, 10).items() if n}
    assert sum(drawn.values()) == wave.invited == 10


def test_a_sample_larger_than_the_register_asks_everyone_once():
    residents_in("Millfield", 3)
    survey = build_survey(audience=AudienceKind.SAMPLE, sample_size=50)
    assert invitations.publish_survey(survey=survey).invited == 3


def test_publishing_twice_creates_nothing_new_and_the_fan_out_itself_inserts_nothing_again():
    residents_in("Millfield", 4)
    survey = build_survey(audience=AudienceKind.SAMPLE, sample_size=2)
    wave = invitations.publish_survey(survey=survey)
    again = invitations.publish_survey(survey=survey)
    assert again.pk == wave.pk
    with transaction.atomic():
        rerun = audience.invite_wave(wave=wave)
    assert rerun.invited == 0
    assert survey.invitations.count() == 2
    wave.refresh_from_db()
    assert wave.invited == 2


def test_a_consultation_says_what_residents_can_influence_before_it_is_published():
    residents_in("Millfield", 1)
    survey = build_survey(kind=SurveyKind.CONSULTATION, can_influence="The play area's equipment")
    with pytest.raises(ValidationError) as problem:
        invitations.publish_survey(survey=survey)
    assert "what residents cannot influence, how the results will be used" in str(problem.value)


def test_a_survey_without_questions_cannot_be_published():
    from surveys.models import Survey

    survey = Survey.objects.create(title="Empty")
    assert invitations.publishing_problems(survey) == ["Add at least one question before publishing."]


def test_a_panel_audience_asks_the_panels_current_members_only():
    together = PanelFactory(name="Together Panel", slug="together", kind=PanelKind.TOGETHER)
    member, applicant, stepped_down, ended, other_panel = (residents_in("Millfield", 1)[0] for _ in range(5))
    MembershipFactory(panel=together, resident=member)
    ApplicationFactory(panel=together, resident=applicant)
    MembershipFactory(panel=together, resident=stepped_down, status=MembershipStatus.STEPPED_DOWN)
    MembershipFactory(panel=together, resident=ended, term_ends=timezone.localdate() - timedelta(days=1))
    MembershipFactory(panel=PanelFactory(), resident=other_panel)
    survey = audience.set_audience(
        survey=build_survey(
            title="Draft lettings policy",
            kind=SurveyKind.CONSULTATION,
            can_influence="How we explain the policy and the order of priority groups.",
            cannot_influence="The legal rules on who may be offered a home.",
            how_results_used="The Board sees a summary of the panel's views with the draft policy.",
        ),
        kind=AudienceKind.PANEL,
        neighbourhoods=[],
        tenure="",
        sample_size=None,
        panel=together,
        cadence="once",
        wave_count=1,
        reminder_after_days=7,
        reminder_limit=2,
    )

    assert audience.count_audience(survey=survey).audience == 1
    invitations.publish_survey(survey=survey)
    assert list(survey.invitations.values_list("resident_id", flat=True)) == [member.pk]


def test_a_panel_audience_without_its_panel_cannot_be_published():
    residents_in("Millfield", 1)
    survey = build_survey(audience=AudienceKind.PANEL)
    with pytest.raises(ValidationError, match="Choose the panel whose members to ask"):
        invitations.publish_survey(survey=survey)
    assert not survey.invitations.exists()
