"""Staff as a survey's audience (the staff pulse): who is asked, that answers keep no link to the person who gave
them, who may answer, and that results wait for the survey to close and for five people."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from residents.models import OutboundEmail, Role
from surveys.models import Anonymity, AudienceKind, Response, StaffInvitation
from surveys.services import audience, invitations

from ..factories import ResidentFactory, UserFactory
from .fixtures import build_staff_survey, build_survey, publish_to_staff
from .results_data import choice, respond

pytestmark = pytest.mark.django_db


def test_a_staff_survey_asks_active_staff_only_and_emails_each_once(staff, board, admin_user):
    UserFactory(role=Role.STAFF, email="gone@example.org", is_active=False)
    ResidentFactory()
    survey = build_staff_survey()

    preview = audience.count_audience(survey=survey)
    assert (preview.considered, preview.audience, preview.invited) == (1, 1, 0)
    invitations.publish_survey(survey=survey)

    assert list(StaffInvitation.objects.values_list("user__email", flat=True)) == ["staff@example.org"]
    assert not survey.invitations.exists()  # no resident is asked
    email = OutboundEmail.objects.get(key__startswith="staff-survey:")
    assert email.to == "staff@example.org"
    assert f"/staff/my-surveys/{survey.pk}/" in email.body
    assert "anonymous" in email.body
    wave = survey.waves.get()
    assert (wave.invited, wave.audience_size, wave.exclusions["already_asked"]) == (1, 1, 0)
    assert audience.count_audience(survey=survey).exclusions["already_asked"] == 1


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"anonymity": Anonymity.CONFIDENTIAL}, "A staff survey is always anonymous"),
        ({"kind": "tsm"}, "Tenant Satisfaction Measures are for residents"),
    ],
)
def test_a_staff_survey_must_be_anonymous_and_not_a_tsm(staff, fields, problem):
    survey = build_survey(audience=AudienceKind.STAFF, **({"anonymity": Anonymity.ANONYMOUS} | fields))
    with pytest.raises(ValidationError, match=problem):
        invitations.publish_survey(survey=survey)
    assert not StaffInvitation.objects.exists()


def answers_for(survey) -> dict:
    rating = survey.questions.get(position=1)
    return {f"q{rating.pk}": str(choice(rating, "Fairly satisfied").pk)}


def test_staff_answer_signed_in_and_nothing_links_the_answers_to_them(client_for, staff, open_staff_survey):
    client = client_for("staff")
    page = client.get(f"/staff/my-surveys/{open_staff_survey.pk}/").content.decode()
    assert "Anonymous." in page and "Save and finish later" not in page
    response = client.post(f"/staff/my-surveys/{open_staff_survey.pk}/", answers_for(open_staff_survey))

    assert "Your answers to" in response.content.decode()
    answer = Response.objects.get(survey=open_staff_survey)
    assert (answer.resident, answer.invitation, answer.home, answer.entered_by) == (None, None, None, None)
    assert answer.updated_at.time() == timezone.datetime.min.time()  # the day only, not the moment
    assert (answer.neighbourhood, answer.tenure, answer.age_band, answer.ethnicity) == (None, "", "", "")
    assert answer.answers.get().choice.label == "Fairly satisfied"
    invitation = StaffInvitation.objects.get()
    assert (invitation.responded, invitation.responded_on) == (True, timezone.localdate())
    # Once only
    again = client.post(f"/staff/my-surveys/{open_staff_survey.pk}/", answers_for(open_staff_survey))
    assert "already been sent" in again.content.decode()
    assert Response.objects.filter(survey=open_staff_survey).count() == 1
    listing = client.get("/staff/my-surveys/").content.decode()
    assert "answered on" in listing


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("resident", 403),
        ("other_resident", 403),
        ("panel_member", 403),
        ("board", 403),
        ("admin_user", 404),  # not staff for a staff survey: never asked
        ("other_staff", 404),  # staff who were not asked
    ],
)
def test_only_the_staff_asked_may_answer(client_for, open_staff_survey, persona, status, request):
    if persona == "other_staff":
        from django.test import Client

        client = Client()
        client.force_login(UserFactory(role=Role.STAFF, email="new@example.org", mfa=True))
    else:
        client = client_for(persona)
    url = f"/staff/my-surveys/{open_staff_survey.pk}/"
    assert client.get(url).status_code == status
    assert client.post(url, answers_for(open_staff_survey)).status_code == status
    assert not Response.objects.exists()


def test_a_closed_staff_survey_takes_no_answers(client_for, staff):
    now = timezone.now()
    survey = build_staff_survey()
    publish_to_staff(survey, staff, opens_at=now - timedelta(days=10), closes_at=now - timedelta(days=1))
    response = client_for("staff").post(f"/staff/my-surveys/{survey.pk}/", answers_for(survey))
    assert "no longer taking answers" in response.content.decode()
    assert not Response.objects.exists()


def test_staff_survey_results_wait_for_the_close_and_for_five_people(client_for, staff):
    now = timezone.now()
    survey = build_staff_survey()
    publish_to_staff(survey, staff, opens_at=now - timedelta(days=10), closes_at=now + timedelta(days=1))
    rating = survey.questions.get(position=1)
    respond(survey, {rating: choice(rating, "Very satisfied")}, times=4, submitted_on=timezone.localdate())
    client = client_for("staff")
    results = f"/staff/surveys/{survey.pk}/results/"
    assert "shown once it has closed" in client.get(results).content.decode()
    assert client.get(f"/staff/surveys/{survey.pk}/results.csv").status_code == 404

    survey.closes_at = now - timedelta(minutes=1)
    survey.save()
    assert "Fewer than 5 members of staff answered" in client.get(results).content.decode()
    text = survey.questions.get(position=3)
    assert client.get(f"/staff/surveys/{survey.pk}/results/questions/{text.pk}/").status_code == 404

    respond(survey, {rating: choice(rating, "Very dissatisfied")}, submitted_on=timezone.localdate())
    page = client.get(results).content.decode()
    assert "Fewer than 5" not in page and "Very satisfied" in page
    assert client.get(f"/staff/surveys/{survey.pk}/results.csv").status_code == 200


def test_staff_choose_staff_as_the_audience_on_the_page_and_publish_it(client_for, staff):
    client = client_for("staff")
    survey = build_staff_survey()
    url = reverse("surveys:survey_audience", args=[survey.pk])
    form = {
        "audience": "staff",
        "cadence": "once",
        "wave_count": "1",
        "reminder_after_days": "7",
        "reminder_limit": "2",
    }
    response = client.post(url, form)
    assert response["Location"] == reverse("surveys:survey_publish", args=[survey.pk])
    assert client.get(response["Location"]).status_code == 200
    detail = client.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
    assert "Staff (a staff pulse survey, always anonymous)" in detail
    client.post(reverse("surveys:survey_publish", args=[survey.pk]), {"opens": "now"})
    invitations.publish_survey(survey=survey)  # whichever of the two published it, once
    assert StaffInvitation.objects.filter(survey=survey, user=staff).count() == 1
    assert "Staff pulse" in client.get("/staff/my-surveys/").content.decode()


@pytest.mark.parametrize("more_staff", [1, 40])
def test_publishing_to_staff_costs_the_same_queries_whatever_the_number_of_staff(staff, more_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    UserFactory.create_batch(more_staff, role=Role.STAFF)
    survey = build_staff_survey()
    with CaptureQueriesContext(connection) as queries:
        invitations.publish_survey(survey=survey)
    assert StaffInvitation.objects.filter(survey=survey).count() == more_staff + 1
    assert OutboundEmail.objects.filter(key__startswith=f"staff-survey:{survey.pk}:").count() == more_staff + 1
    assert len(queries) == STAFF_PUBLISH_QUERIES, [q["sql"][:80] for q in queries]


# savepoint, the survey locked, its checks (questions), its waves written; the fan-out: staff counted, staff chosen,
# invitations and emails each in one insert; the wave's counts saved; savepoint released
STAFF_PUBLISH_QUERIES = 11
