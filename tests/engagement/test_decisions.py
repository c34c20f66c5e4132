"""Decisions and the resident voice: who sees a decision in each state, the rule that a decision is ready for
the Board only with how views were considered, what changed and at least one cited input (form, service and
database), publishing telling each resident heard exactly once, and the pages' fixed query counts."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from engagement.decisions import selectors, services
from engagement.decisions.models import Decision, DecisionStatus
from residents.models import OutboundEmail, Preferences, Resident
from tests.factories import ResidentFactory, feedback_from
from tests.surveys.fixtures import build_survey

from .decision_data import HOW_CONSIDERED, WHAT_CHANGED, make_decision

D, R, P, W = DecisionStatus.DRAFT, DecisionStatus.READY, DecisionStatus.PUBLISHED, DecisionStatus.WITHDRAWN
MFA = 302  # staff and Board members without two-factor authentication are sent to set it up
LOGIN = 302
RESIDENTS = ["resident", "other_resident", "panel_member", "unlinked_resident"]


# persona -> {state: status} for the staff/Board page of a decision, its edit page and its public page.
STAFF_DETAIL = {
    "anonymous": {D: LOGIN, R: LOGIN, P: LOGIN, W: LOGIN},
    **{persona: {D: 403, R: 403, P: 403, W: 403} for persona in RESIDENTS},
    "staff": {D: 200, R: 200, P: 200, W: 200},
    "staff_without_mfa": {D: MFA, R: MFA, P: MFA, W: MFA},
    "board": {D: 404, R: 200, P: 200, W: 404},
    "admin_user": {D: 200, R: 200, P: 200, W: 200},
}
# Published and withdrawn decisions cannot be changed: the edit page sends staff back to the decision.
EDIT = {
    **STAFF_DETAIL,
    "staff": {D: 200, R: 200, P: 302, W: 302},
    "admin_user": {D: 200, R: 200, P: 302, W: 302},
    "board": {D: 403, R: 403, P: 403, W: 403},
}
PUBLIC = {persona: {D: 404, R: 404, P: 200, W: 404} for persona in STAFF_DETAIL}


@pytest.mark.parametrize("state", [D, R, P, W])
@pytest.mark.parametrize("persona", list(STAFF_DETAIL))
def test_who_sees_a_decision_in_each_state(client_for, persona, state):
    decision = make_decision(state)
    client = client_for(persona)
    for name, table in [
        ("decisions:detail", STAFF_DETAIL),
        ("decisions:edit", EDIT),
        ("decisions:public_detail", PUBLIC),
    ]:
        response = client.get(reverse(name, args=[decision.pk]))
        assert response.status_code == table[persona][state], (name, persona, state)


@pytest.mark.parametrize("state", [D, R, P, W])
def test_the_board_changes_nothing(client_for, state):
    decision = make_decision(state)
    board = client_for("board")
    for name in ["edit", "cite", "back_to_draft", "publish", "withdraw"]:
        assert board.post(reverse(f"decisions:{name}", args=[decision.pk]), {"title": "x"}).status_code == 403
    assert Decision.objects.get(pk=decision.pk).status == state


def test_lists_show_each_role_what_it_may_see(client_for):
    titles = {state: make_decision(state, title=f"The {state} one").title for state in [D, R, P, W]}
    staff = client_for("staff").get(reverse("decisions:staff_list")).content.decode()
    board = client_for("board").get(reverse("decisions:staff_list")).content.decode()
    public = client_for("anonymous").get(reverse("decisions:public_list")).content.decode()
    assert all(title in staff for title in titles.values())
    assert [state for state, title in titles.items() if title in board] == [R, P]
    assert [state for state, title in titles.items() if title in public] == [P]


# Ready for the Board -------------------------------------------------------------------------------------------


def edit_data(decision, **changes):
    return {
        "kind": decision.kind,
        "title": decision.title,
        "summary": decision.summary,
        "decision_date": decision.decision_date.isoformat(),
        "decided_by": decision.decided_by,
        "how_considered": decision.how_considered,
        "what_changed": decision.what_changed,
        **changes,
    }


@pytest.fixture
def heard(resident):
    return feedback_from(Resident.objects.get(user=resident))


def test_ready_for_the_board_is_refused_without_the_sections_with_the_message_by_each_field(client_for, heard):
    decision = make_decision(D, cites=[heard])
    response = client_for("staff").post(
        reverse("decisions:edit", args=[decision.pk]),
        edit_data(decision, how_considered="   ", what_changed="", title="A new title", ready="1"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["how_considered"] == [services.NO_SECTIONS]
    assert form.errors["what_changed"] == [services.NO_CHANGES]
    assert 'value="A new title"' in response.content.decode()  # what was typed is kept
    decision.refresh_from_db()
    assert (decision.status, decision.title) == (D, "Repairs contractor for the north area")


def test_ready_for_the_board_is_refused_without_cited_input(client_for):
    decision = make_decision(D)
    response = client_for("staff").post(
        reverse("decisions:edit", args=[decision.pk]),
        edit_data(decision, how_considered=HOW_CONSIDERED, what_changed=WHAT_CHANGED, ready="1"),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [services.NO_INPUT]
    assert Decision.objects.get(pk=decision.pk).status == D


def test_completed_it_is_ready_for_the_board(client_for, heard):
    decision = make_decision(D, cites=[heard])
    response = client_for("staff").post(
        reverse("decisions:edit", args=[decision.pk]),
        edit_data(decision, how_considered=HOW_CONSIDERED, what_changed=WHAT_CHANGED, ready="1"),
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == R and decision.ready_at is not None


def test_a_ready_decision_keeps_its_sections_and_an_input(client_for, heard):
    decision = make_decision(R, cites=[heard])
    response = client_for("staff").post(
        reverse("decisions:edit", args=[decision.pk]), edit_data(decision, what_changed="")
    )
    assert response.context["form"].errors["what_changed"] == [services.NO_CHANGES]
    with pytest.raises(ValidationError):
        services.uncite(decision=decision, source_id=decision.sources.get().pk)
    assert decision.sources.count() == 1


def test_the_service_refuses_what_the_form_refuses(heard):
    decision = make_decision(D)
    with pytest.raises(ValidationError) as refused:
        services.mark_ready(decision=decision)
    assert refused.value.message_dict == {
        "how_considered": [services.NO_SECTIONS],
        "what_changed": [services.NO_CHANGES],
        "sources": [services.NO_INPUT],
    }
    services.cite(decision=decision, obj=heard)
    Decision.objects.filter(pk=decision.pk).update(how_considered=HOW_CONSIDERED, what_changed=WHAT_CHANGED)
    assert services.mark_ready(decision=decision).status == R
    with pytest.raises(ValidationError):
        services.mark_ready(decision=decision)  # only a draft


@pytest.mark.parametrize("state", [R, P, W])
@pytest.mark.parametrize("blank", [{"how_considered": ""}, {"what_changed": "  \n "}])
def test_the_database_refuses_a_decision_past_draft_without_the_sections(db, state, blank):
    decision = make_decision(state)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(**blank)


def test_cite_refuses_an_unknown_item_beside_the_field(client_for, heard):
    decision = make_decision(D)
    staff = client_for("staff")
    url = reverse("decisions:cite", args=[decision.pk])
    response = staff.post(url, {"kind": "residents.feedback", "number": "FB-987654"})
    assert response.status_code == 200
    assert response.context["cite_form"].errors["number"] == [
        "We could not find feedback item FB-987654. Check the reference and the kind."
    ]
    assert 'value="FB-987654"' in response.content.decode()
    assert staff.post(url, {"kind": "residents.feedback", "number": heard.reference}).status_code == 302
    assert staff.post(url, {"kind": "residents.feedback", "number": str(heard.pk)}).status_code == 302
    assert [link.source for link in decision.sources.all()] == [heard]


# Publishing tells each resident heard once -----------------------------------------------------------------


def test_publishing_tells_each_resident_heard_exactly_once(client_for, resident, other_resident, heard):
    amina = Resident.objects.get(user=resident)
    second = feedback_from(amina)  # the same resident twice: one email
    quiet = ResidentFactory()
    Preferences.objects.create(resident=quiet, do_not_contact=True)
    unheard = feedback_from(Resident.objects.get(user=other_resident))  # cited by nobody
    decision = make_decision(R, cites=[heard, second, feedback_from(quiet)])
    before = set(OutboundEmail.objects.values_list("pk", flat=True))  # the feedback acknowledgements

    staff = client_for("staff")
    for _ in range(2):  # twice: the second finds it published and tells nobody
        assert staff.post(reverse("decisions:publish", args=[decision.pk])).status_code == 302
    with pytest.raises(ValidationError):
        services.publish(decision=decision)

    emails = list(OutboundEmail.objects.exclude(pk__in=before))
    assert [(email.to, email.subject) for email in emails] == [
        ("resident@example.org", "A decision you helped shape: Repairs contractor for the north area")
    ]
    assert f"/decisions/{decision.pk}/" in emails[0].body
    decision.refresh_from_db()
    assert (decision.status, decision.residents_told) == (P, 1)
    assert unheard.pk not in [link.object_id for link in decision.sources.all()]


def test_only_a_ready_decision_is_published(heard):
    decision = make_decision(D, cites=[heard], how_considered=HOW_CONSIDERED, what_changed=WHAT_CHANGED)
    with pytest.raises(ValidationError):
        services.publish(decision=decision)
    assert Decision.objects.get(pk=decision.pk).status == D


def test_withdrawing_takes_it_off_the_public_pages(client_for, heard):
    decision = make_decision(P, cites=[heard])
    staff = client_for("staff")
    response = staff.post(reverse("decisions:withdraw", args=[decision.pk]), {"reason": ""})
    assert response.context["withdraw_form"].errors["reason"] == ["Give the reason for withdrawing it."]
    staff.post(reverse("decisions:withdraw", args=[decision.pk]), {"reason": "The date was wrong."})
    assert Decision.objects.get(pk=decision.pk).status == W
    assert client_for("anonymous").get(reverse("decisions:public_detail", args=[decision.pk])).status_code == 404


# Query counts -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 200])
def test_the_public_list_costs_the_same_at_any_size(client_for, django_assert_num_queries, heard, size):
    for number in range(size):
        make_decision(P, cites=[heard], title=f"Decision {number}")
    client = client_for("anonymous")
    client.get(reverse("decisions:public_list"))  # content types cached
    with django_assert_num_queries(2):  # the count, the page with each decision's count of inputs
        response = client.get(reverse("decisions:public_list"))
    assert response.context["page"].paginator.count == size


@pytest.mark.parametrize("many", [False, True])
def test_a_decision_citing_many_inputs_costs_the_same(client_for, django_assert_num_queries, resident, many):
    amina = Resident.objects.get(user=resident)
    items = [feedback_from(amina) for _ in range(12 if many else 1)]
    items += [build_survey(title=f"Repairs survey {number}") for number in range(5 if many else 1)]
    decision = make_decision(P, cites=items)
    client = client_for("anonymous")
    url = reverse("decisions:public_detail", args=[decision.pk])
    client.get(url)
    # The decision, then the number of each kind of input (feedback, surveys), whatever their number.
    with django_assert_num_queries(2):
        response = client.get(url)
    html = response.content.decode()
    assert response.context["cited_kinds"] == (
        [("feedback items", 12), ("surveys", 5)] if many else [("feedback item", 1), ("survey", 1)]
    )
    # What one resident told us is not published: neither its reference nor its subject.
    assert items[0].reference not in html
    assert "Repairs survey" not in html
    staff = client_for("staff")
    staff.get(reverse("decisions:detail", args=[decision.pk]))
    # The session, the user, the decision, its links, the inputs and the residents heard (each once per kind).
    with django_assert_num_queries(8):
        staff.get(reverse("decisions:detail", args=[decision.pk]))


def test_any_registered_kind_of_input_can_be_cited(client_for):
    survey = build_survey()
    decision = make_decision(D)
    form = client_for("staff").get(reverse("decisions:detail", args=[decision.pk])).context["cite_form"]
    assert {"residents.feedback", "surveys.survey"} <= {value for value, _ in form.fields["kind"].choices}
    response = client_for("staff").post(
        reverse("decisions:cite", args=[decision.pk]), {"kind": "surveys.survey", "number": str(survey.pk)}
    )
    assert response.status_code == 302
    assert [description for _, description in selectors.cited(decision)] == [f"Survey: {survey.title}"]
