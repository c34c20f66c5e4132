"""Residents answer: from the email link without a password, or signed in; save and come back; send once."""

from datetime import time, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from residents.models import EqualityMonitoring
from surveys.models import Anonymity, Answer, Invitation, QuestionKind, Response, Survey
from surveys.services.answering import AnswerError, submit_response
from surveys.services.building import QuestionSpec, add_question
from tests.factories import ResidentFactory
from tests.querycount import capture_queries

from .factories import InvitationFactory, QuestionFactory
from .fixtures import build_survey, publish_for


def field(question) -> str:
    return f"q{question.pk}"


def choice(survey: Survey, position: int, label: str) -> str:
    return str(survey.questions.get(position=position).choices.get(label=label).pk)


def open_link(invitation: Invitation) -> Client:
    client = Client()
    response = client.get(reverse("surveys:token_entry", args=[invitation.token]))
    assert response["Location"] == reverse("surveys:answer", args=[invitation.survey_id])
    return client


def test_the_email_link_opens_the_survey_without_a_password_and_drops_the_token(own_invitation):
    client = open_link(own_invitation)
    page = client.get(reverse("surveys:answer", args=[own_invitation.survey_id]))
    assert page.status_code == 200
    assert own_invitation.token not in page.content.decode()
    assert "How satisfied are you?" in page.content.decode()


def test_the_link_opens_that_survey_only(own_invitation, other_resident):
    other = build_survey(title="Another survey")
    publish_for(other, other_resident.resident)
    client = open_link(own_invitation)
    response = client.get(reverse("surveys:answer", args=[other.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("residents:home")).status_code == 302, "no resident pages without signing in"


def test_sending_without_a_required_answer_shows_the_error_next_to_it_and_keeps_the_rest(own_invitation):
    survey = own_invitation.survey
    client = open_link(own_invitation)
    text = survey.questions.get(position=3)
    response = client.post(reverse("surveys:answer", args=[survey.pk]), {field(text): "The lift is slow"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose an answer." in page
    assert "The lift is slow" in page
    assert not Response.objects.exists()


def test_a_follow_up_is_needed_only_when_its_condition_is_met(own_invitation):
    survey = own_invitation.survey
    client = open_link(own_invitation)
    rating, follow_up = survey.questions.get(position=1), survey.questions.get(position=2)
    response = client.post(
        reverse("surveys:answer", args=[survey.pk]),
        {field(rating): choice(survey, 1, "Very dissatisfied")},
    )
    assert "Choose at least one option." in response.content.decode()

    response = client.post(
        reverse("surveys:answer", args=[survey.pk]),
        # An answer to the follow-up that does not apply is dropped.
        {field(rating): choice(survey, 1, "Very satisfied"), field(follow_up): [choice(survey, 2, "Nobody came")]},
    )
    assert "Thank you" in response.content.decode()
    assert list(Answer.objects.values_list("choice__label", flat=True)) == ["Very satisfied"]


def test_save_and_come_back_keeps_answers_out_of_the_results_until_sent(own_invitation, resident):
    survey = own_invitation.survey
    client = Client()
    client.force_login(resident)
    rating, text = survey.questions.get(position=1), survey.questions.get(position=3)
    url = reverse("surveys:answer", args=[survey.pk])
    saved = client.post(
        url, {field(rating): choice(survey, 1, "Fairly satisfied"), field(text): "Half done", "save": "1"}
    )
    assert saved.status_code == 302
    assert not Answer.objects.exists()

    page = client.get(url).content.decode()
    assert "Your saved answers are filled in below." in page
    assert "Half done" in page
    assert f'value="{choice(survey, 1, "Fairly satisfied")}"' in page and "checked" in page

    client.post(url, {field(rating): choice(survey, 1, "Fairly satisfied"), field(text): "All done"})
    assert sorted(Answer.objects.values_list("text", flat=True)) == ["", "All done"]
    assert Response.objects.get().draft == {}


def test_a_survey_is_answered_once_and_then_says_so(own_invitation, resident):
    survey = own_invitation.survey
    answers = {survey.questions.get(position=1).pk: [int(choice(survey, 1, "Very satisfied"))]}
    submit_response(invitation=own_invitation, answers=answers)
    with pytest.raises(AnswerError, match="already been sent"):
        submit_response(invitation=own_invitation, answers=answers)
    client = Client()
    client.force_login(resident)
    page = client.get(reverse("surveys:answer", args=[survey.pk])).content.decode()
    assert "These answers have already been sent." in page
    assert Response.objects.count() == 1


def test_a_closed_survey_says_so_plainly(own_invitation):
    survey = own_invitation.survey
    with time_machine.travel(survey.closes_at + timedelta(minutes=1)):
        client = open_link(own_invitation)
        page = client.get(reverse("surveys:answer", args=[survey.pk])).content.decode()
    assert "This survey has closed" in page
    assert "Send my answers" not in page


def test_an_anonymous_response_keeps_no_link_to_the_resident(resident):
    survey = build_survey(anonymity=Anonymity.ANONYMOUS)
    [invitation] = publish_for(survey, resident.resident)
    EqualityMonitoring.objects.create(resident=resident.resident, age_band="35_44")
    answers = {survey.questions.get(position=1).pk: [int(choice(survey, 1, "Fairly satisfied"))]}
    response = submit_response(invitation=invitation, answers=answers)
    response.refresh_from_db()
    assert (response.invitation_id, response.resident_id, response.home_id) == (None, None, None)
    assert timezone.localtime(response.updated_at).time() == time.min, "only the day is kept"
    assert response.tenure == resident.resident.home.tenure and response.age_band == "35_44", "snapshot for totals"
    invitation.refresh_from_db()
    assert invitation.responded, "still one response per invitation"


def test_a_confidential_response_stays_linked_for_one_response_per_household(resident):
    survey = build_survey(anonymity=Anonymity.CONFIDENTIAL, reporting_year=2026)
    neighbour = ResidentFactory(home=resident.resident.home, first_name="Kofi")
    first, second = publish_for(survey, resident.resident, neighbour)
    answers = {survey.questions.get(position=1).pk: [int(choice(survey, 1, "Fairly satisfied"))]}
    counted = submit_response(invitation=first, answers=answers)
    extra = submit_response(invitation=second, answers=answers)
    assert counted.counted_year == 2026 and counted.resident_id == resident.resident.pk
    assert Response.objects.get(pk=extra.pk).counted_year is None, "the household already counted this year"


def test_submitting_costs_the_same_queries_for_3_and_30_questions(resident, other_resident):
    def cost(survey, invitation) -> int:
        answers = {}
        for question in survey.questions.prefetch_related("choices"):
            options = list(question.choices.all())
            answers[question.pk] = [options[0].pk] if options else "Fine"
        with capture_queries() as captured:
            submit_response(invitation=invitation, answers=answers)
        return captured[0].count

    small = build_survey(title="Short")
    large = build_survey(title="Long")
    for number in range(27):
        add_question(survey=large, spec=QuestionSpec(kind=QuestionKind.YES_NO, text=f"Question {number}"))
    [small_invitation] = publish_for(small, resident.resident)
    [large_invitation] = publish_for(large, other_resident.resident)
    assert large.questions.count() == 30
    assert cost(small, small_invitation) == cost(large, large_invitation)


def test_staff_enter_a_phone_answer_and_the_channel_is_recorded(client_for, own_invitation, staff):
    survey = own_invitation.survey
    url = reverse("surveys:staff_answer", args=[survey.pk, own_invitation.pk])
    missing = client_for("staff").post(
        url, {field(survey.questions.get(position=1)): choice(survey, 1, "Very satisfied")}
    )
    assert "Choose how the resident gave their answers." in missing.content.decode()

    client_for("staff").post(
        url, {"channel": "phone", field(survey.questions.get(position=1)): choice(survey, 1, "Very satisfied")}
    )
    response = Response.objects.get()
    assert (response.channel, response.entered_by) == ("phone", staff)


def test_my_surveys_lists_what_is_waiting_and_what_was_answered(client_for, own_invitation, resident):
    page = client_for("resident").get(reverse("surveys:my_surveys")).content.decode()
    assert "Tell us about your last repair" in page and "There are no surveys waiting" not in page
    survey = own_invitation.survey
    submit_response(
        invitation=own_invitation,
        answers={survey.questions.get(position=1).pk: [int(choice(survey, 1, "Very satisfied"))]},
    )
    page = client_for("resident").get(reverse("surveys:my_surveys")).content.decode()
    assert "There are no surveys waiting for you." in page
    assert "answered on" in page


def test_the_data_download_holds_the_residents_own_answers_but_never_anonymous_ones(client_for, resident):
    named = build_survey(title="Named survey", anonymity=Anonymity.NAMED)
    anonymous = build_survey(title="Anonymous survey", anonymity=Anonymity.ANONYMOUS)
    [named_invitation] = publish_for(named, resident.resident)
    [anonymous_invitation] = publish_for(anonymous, resident.resident)
    for survey, invitation in ((named, named_invitation), (anonymous, anonymous_invitation)):
        submit_response(
            invitation=invitation,
            answers={survey.questions.get(position=3).pk: f"My words for the {survey.title}"},
        )
    data = client_for("resident").get(reverse("residents:data_export")).json()
    by_title = {row["survey"]: row for row in data["surveys"]}
    assert by_title["Named survey"]["answers"] == [
        {"question": "Anything else you want to tell us?", "answer": "My words for the Named survey"}
    ]
    assert by_title["Anonymous survey"]["answers"] == "Not kept: this survey is anonymous"
    assert "My words for the Anonymous survey" not in str(data)


def test_a_you_said_we_did_citing_a_survey_tells_the_residents_who_answered_it_by_name(resident, other_resident):
    from residents.updates import sources

    named = build_survey(title="Named survey", anonymity=Anonymity.CONFIDENTIAL)
    first, second = publish_for(named, resident.resident, other_resident.resident)
    submit_response(invitation=first, answers={named.questions.get(position=3).pk: "More benches"})
    assert sources.is_source_model(Survey)
    kind = sources.kind_for(ContentType.objects.get_for_model(Survey))
    assert list(kind.resident_ids([named.pk])) == [resident.resident.pk]


def test_opening_the_link_gives_a_new_session_id(own_invitation):
    client = Client()
    session = client.session  # a session the visitor already had (or one planted on them)
    session["seen"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key
    client.get(reverse("surveys:token_entry", args=[own_invitation.token]))
    assert client.session.session_key != before
    assert client.get(reverse("surveys:answer", args=[own_invitation.survey_id])).status_code == 200


def test_a_link_whose_token_was_altered_opens_nothing(own_invitation, other_resident):
    other = build_survey(title="Another survey")
    [theirs] = publish_for(other, other_resident.resident)
    invitation_id, signature = own_invitation.token.split(":")
    forged = f"{theirs.pk}:{signature}"  # someone else's invitation with this resident's signature
    assert Client().get(reverse("surveys:token_entry", args=[forged])).status_code == 404
    assert Client().get(reverse("surveys:token_entry", args=[invitation_id])).status_code == 404


def test_links_already_sent_keep_working_while_a_new_secret_key_takes_over(own_invitation, settings):
    sent = own_invitation.token
    url = reverse("surveys:token_entry", args=[sent])
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-after-rotation"
    assert Client().get(url).status_code == 302
    settings.SECRET_KEY_FALLBACKS = []
    assert Client().get(url).status_code == 404


def test_sending_an_empty_form_says_what_to_answer_in_plain_words(own_invitation):
    client = open_link(own_invitation)
    response = client.post(reverse("surveys:answer", args=[own_invitation.survey_id]), {})
    page = response.content.decode()
    assert "There is a problem" in page
    assert response.context["form"].errors[field(own_invitation.survey.questions.get(position=1))] == [
        "Choose an answer."
    ]
    assert "This field is required." not in page
    assert not Response.objects.exists()


def test_a_survey_of_questions_that_may_be_left_out_is_not_sent_empty(resident):
    invitation = InvitationFactory(resident=resident.resident)
    skippable = QuestionFactory(survey=invitation.survey, required=False, text="Anything else?")
    client = Client()
    client.force_login(resident)
    url = reverse("surveys:answer", args=[invitation.survey_id])
    page = client.post(url, {field(skippable): "  "}).content.decode()
    assert "There is a problem" in page and "Answer at least one question before you send your answers." in page
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.responded

    assert "Thank you" in client.post(url, {field(skippable): "The bins"}).content.decode()


def test_a_signed_in_resident_opening_someone_elses_link_answers_only_as_themselves(own_invitation, other_resident):
    survey = own_invitation.survey
    theirs = InvitationFactory(survey=survey, wave=own_invitation.wave, resident=other_resident.resident)
    client = Client()
    client.force_login(other_resident)
    url = reverse("surveys:answer", args=[survey.pk])
    opened = client.get(reverse("surveys:token_entry", args=[own_invitation.token]), follow=True)
    page = opened.content.decode()
    assert opened.status_code == 403
    assert "This invitation was sent to someone else" in page and "You are signed in as Piotr Nowak" in page
    assert "Amina" not in page and "Okafor" not in page
    assert reverse("surveys:my_surveys") in page and reverse("account_logout") in page

    rating = survey.questions.get(position=1)
    sent = client.post(url, {field(rating): choice(survey, 1, "Very satisfied")})
    assert "Thank you" in sent.content.decode()
    own_invitation.refresh_from_db()
    theirs.refresh_from_db()
    assert not own_invitation.responded and not Response.objects.filter(invitation=own_invitation).exists()
    assert theirs.responded and Response.objects.get().resident == other_resident.resident


def test_a_signed_in_resident_cannot_send_answers_through_someone_elses_link(own_invitation, other_resident):
    survey = own_invitation.survey
    client = Client()
    client.force_login(other_resident)
    client.get(reverse("surveys:token_entry", args=[own_invitation.token]))
    rating = survey.questions.get(position=1)
    response = client.post(
        reverse("surveys:answer", args=[survey.pk]), {field(rating): choice(survey, 1, "Very satisfied")}
    )
    assert response.status_code == 403
    assert not Response.objects.exists()
    own_invitation.refresh_from_db()
    assert not own_invitation.responded
    # Signed out, the same link answers for the resident it was sent to.
    client.logout()
    assert open_link(own_invitation).get(reverse("surveys:answer", args=[survey.pk])).status_code == 200
