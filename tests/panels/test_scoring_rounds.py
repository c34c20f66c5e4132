"""Option scoring: members score options against weighted criteria alone; a declared conflict keeps a member from
scoring an option (in the database too); staff follow totals, spread and who has not scored; the outcome is
recorded with reasons."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from panels.models import ConflictDeclaration, Criterion, Option, Resident, RoundStatus, Score, ScoringRound
from panels.scoring import permissions, services
from residents.models import Role, User

from ..factories import ResidentFactory, UserFactory
from ..querycount import queries_for_get
from .factories import MembershipFactory
from .scrutiny_fixtures import make_scoring_round


def member_of(panel, first_name="Ola"):
    user = UserFactory()
    MembershipFactory(panel=panel, resident=ResidentFactory(user=user, first_name=first_name, last_name="Member"))
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def score(option, user, price: int, quality: int):
    criteria = {c.name: c.pk for c in option.round.criteria.all()}
    return services.submit_scores(
        option=option, user=user, values={criteria["Price"]: price, criteria["Quality"]: quality}
    )


# Setting up ---------------------------------------------------------------------------------------------------


def test_a_round_opens_only_when_its_weights_add_up_to_100_and_it_has_two_options(scrutiny_panel, staff):
    scoring_round = services.create_round(
        panel=scrutiny_panel, title="Designs", purpose="The new play area", max_score=5, actor=staff
    )
    services.add_criterion(scoring_round=scoring_round, name="Safety", description="", weight=70)
    services.add_option(scoring_round=scoring_round, name="Design A", description="")
    with pytest.raises(ValidationError) as problems:
        services.open_round(scoring_round=scoring_round)
    assert problems.value.messages == [
        "The criteria's weights must add up to 100%; they add up to 70%.",
        "Add at least two options to choose between.",
    ]
    services.add_criterion(scoring_round=scoring_round, name="Fun", description="", weight=30)
    services.add_option(scoring_round=scoring_round, name="Design B", description="")
    assert services.open_round(scoring_round=scoring_round).status == RoundStatus.OPEN
    with pytest.raises(ValidationError, match="fixed once scoring has opened"):
        services.add_option(scoring_round=scoring_round, name="Design C", description="")


def test_staff_set_up_a_round_from_its_page(client_for, staff, scrutiny_panel):
    client = client_for("staff")
    response = client.post(
        reverse("panels:round_create", args=[scrutiny_panel.slug]),
        {"title": "Contractors", "purpose": "Cleaning", "max_score": 5},
    )
    scoring_round = ScoringRound.objects.get()
    assert response["Location"] == reverse("panels:round_detail", args=[scoring_round.pk])
    client.post(
        reverse("panels:criterion_create", args=[scoring_round.pk]),
        {"criterion-name": "Price", "criterion-weight": 100},
    )
    response = client.post(
        reverse("panels:criterion_create", args=[scoring_round.pk]), {"criterion-name": "Price", "criterion-weight": 0}
    )
    page = response.content.decode()
    assert "There is a problem" in page and 'value="Price"' in page
    assert list(scoring_round.criteria.values_list("name", "weight")) == [("Price", 100)]


# Scoring alone ------------------------------------------------------------------------------------------------


def test_members_score_alone_and_see_the_others_only_when_the_round_closes(scoring_round, scoring_option, staff):
    panel = scoring_round.panel
    first, second = member_of(panel, "Ada"), member_of(panel, "Ben")
    score(scoring_option, first, 5, 4)
    score(scoring_option, second, 1, 2)
    page = signed_in(second).get(reverse("panels:round_detail", args=[scoring_round.pk])).content.decode()
    assert "Scores so far" not in page and "Weighted score" not in page
    option_page = signed_in(second).get(reverse("panels:option_score", args=[scoring_option.pk])).content.decode()
    assert 'value="1"' in option_page and 'value="5"' not in option_page  # their own scores only

    services.close_round(scoring_round=scoring_round, chosen=scoring_option, reasons="Best value for money")
    page = signed_in(second).get(reverse("panels:round_detail", args=[scoring_round.pk])).content.decode()
    assert "Results" in page and "Chosen: <strong>GreenCo</strong>" in page and "Best value for money" in page


def test_a_member_changes_their_scores_while_the_round_is_open(scoring_round, scoring_option):
    member = member_of(scoring_round.panel)
    score(scoring_option, member, 1, 1)
    score(scoring_option, member, 3, 3)
    assert sorted(Score.objects.values_list("value", flat=True)) == [3, 3]
    services.close_round(scoring_round=scoring_round, chosen=None, reasons="Neither met the standard")
    with pytest.raises(ValidationError, match="Scoring is closed"):
        score(scoring_option, member, 5, 5)


def test_a_score_out_of_range_is_refused_next_to_the_field_and_kept(scoring_round, scoring_option):
    member = member_of(scoring_round.panel)
    price = scoring_round.criteria.get(name="Price")
    response = signed_in(member).post(
        reverse("panels:option_score", args=[scoring_option.pk]),
        {f"criterion_{price.pk}": "9", "comment": "Too dear"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "Too dear" in page and 'value="9"' in page
    assert not Score.objects.exists()


# Conflicts of interest ------------------------------------------------------------------------------------------


def test_a_member_who_declares_a_conflict_cannot_score_that_option(scoring_round, scoring_option):
    member = member_of(scoring_round.panel)
    score(scoring_option, member, 4, 4)
    services.declare_conflict(option=scoring_option, user=member, reason="My brother runs GreenCo")
    assert not Score.objects.filter(option=scoring_option).exists()  # the earlier scores are removed
    with pytest.raises(ValidationError, match="conflict of interest"):
        score(scoring_option, member, 5, 5)
    other = scoring_round.options.get(name="Parks Ltd")
    score(other, member, 2, 3)  # the other option is theirs to score
    response = signed_in(member).get(reverse("panels:option_score", args=[scoring_option.pk]))
    assert "You declared a conflict of interest in this option" in response.content.decode()


def test_the_database_refuses_a_score_from_a_member_with_a_conflict(scoring_round, scoring_option):
    member = member_of(scoring_round.panel)
    resident = Resident.objects.get(user=member)
    ConflictDeclaration.objects.create(option=scoring_option, resident=resident, reason="Shareholder")
    with pytest.raises(IntegrityError, match="conflict of interest"), transaction.atomic():
        Score.objects.create(
            option=scoring_option, criterion=scoring_round.criteria.first(), resident=resident, value=3
        )


def test_the_database_refuses_a_conflict_declared_over_scores_already_given(scoring_round, scoring_option):
    member = member_of(scoring_round.panel)
    score(scoring_option, member, 3, 3)
    with pytest.raises(IntegrityError, match="has scored"), transaction.atomic():
        ConflictDeclaration.objects.create(
            option=scoring_option, resident=Resident.objects.get(user=member), reason="Late"
        )


def test_a_conflict_without_a_reason_is_refused_and_nothing_is_removed(scoring_round, scoring_option):
    member = member_of(scoring_round.panel)
    score(scoring_option, member, 3, 3)
    response = signed_in(member).post(reverse("panels:option_conflict", args=[scoring_option.pk]), {"reason": ""})
    assert "There is a problem" in response.content.decode()
    assert Score.objects.count() == 2 and not ConflictDeclaration.objects.exists()


# What staff see ---------------------------------------------------------------------------------------------------


def test_staff_see_per_criterion_totals_the_spread_and_who_has_not_scored(
    client_for, staff, scoring_round, scoring_option
):
    panel = scoring_round.panel
    ada, ben, cal = member_of(panel, "Ada"), member_of(panel, "Ben"), member_of(panel, "Cal")
    score(scoring_option, ada, 5, 5)  # 100%
    score(scoring_option, ben, 0, 5)  # 40%
    services.declare_conflict(option=scoring_option, user=cal, reason="Works there")
    page = client_for("staff").get(reverse("panels:round_detail", args=[scoring_round.pk])).content.decode()
    greenco = page[page.index("GreenCo</h3>") : page.index("Parks Ltd</h3>")]
    assert "Weighted score <strong>70%</strong> from 2 members" in greenco
    assert "range from 40% to 100%" in greenco
    assert "1 member declared a conflict of interest" in greenco
    assert "<td>5</td><td>2</td><td>2.5</td>" in greenco  # price: total 5 from 2 scores
    assert "Not scored yet" not in greenco  # Cal has a conflict, so is not waited for
    parks = page[page.index("Parks Ltd</h3>") :]
    assert "Not scored yet:</strong> Ada Member, Ben Member, Cal Member" in parks


def test_closing_needs_reasons_and_records_the_outcome(client_for, staff, scoring_round, scoring_option):
    client = client_for("staff")
    url = reverse("panels:round_close", args=[scoring_round.pk])
    response = client.post(url, {"chosen": scoring_option.pk})
    assert "There is a problem" in response.content.decode()
    client.post(url, {"chosen": scoring_option.pk, "outcome_reasons": "Highest score and local"})
    scoring_round.refresh_from_db()
    assert scoring_round.status == RoundStatus.CLOSED and scoring_round.chosen == scoring_option


# Permissions ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "score_it", "see_all", "set_up"),
    [
        ("member", "draft", False, False, False),
        ("member", "open", True, False, False),
        ("member", "closed", False, True, False),
        ("staff", "draft", False, True, True),
        ("staff", "open", False, True, False),
        ("staff", "closed", False, True, False),
    ],
)
def test_scoring_predicates_by_persona_and_round_status(persona, status, score_it, see_all, set_up):
    user = User(pk=1, role=Role.STAFF if persona == "staff" else Role.RESIDENT)
    scoring_round = ScoringRound(status=status)
    member = persona == "member"
    assert permissions.can_score(member, scoring_round) is score_it
    assert permissions.can_see_all_scores(user, scoring_round) is see_all
    assert permissions.can_set_up(user, scoring_round) is set_up


# Query counts -----------------------------------------------------------------------------------------------------


def add_scoring_members(scoring_round, n: int) -> None:
    residents = ResidentFactory.create_batch(n)
    for resident in residents:
        MembershipFactory(panel=scoring_round.panel, resident=resident)
    criteria = list(Criterion.objects.filter(round=scoring_round))
    options = list(Option.objects.filter(round=scoring_round))
    Score.objects.bulk_create(
        [Score(option=o, criterion=c, resident=r, value=3) for r in residents for o in options for c in criteria]
    )


@pytest.mark.parametrize("persona", ["staff", "panel_member"])
def test_the_round_page_costs_the_same_at_5_and_500_members(request, persona, scoring_round):
    client = signed_in(request.getfixturevalue(persona))
    url = reverse("panels:round_detail", args=[scoring_round.pk])
    add_scoring_members(scoring_round, 5 - scoring_round.panel.memberships.count())
    small = queries_for_get(client, url)
    add_scoring_members(scoring_round, 495)
    large = queries_for_get(client, url)
    assert small.count == large.count, f"{small}\n{large}"


def test_a_closed_rounds_results_cost_the_same_at_5_and_500_members(panel_member, scrutiny_panel):
    scoring_round = make_scoring_round(scrutiny_panel, status="open")
    client = signed_in(panel_member)
    url = reverse("panels:round_detail", args=[scoring_round.pk])
    add_scoring_members(scoring_round, 4)
    ScoringRound.objects.filter(pk=scoring_round.pk).update(status="closed", outcome_reasons="Done")
    small = queries_for_get(client, url)
    ScoringRound.objects.filter(pk=scoring_round.pk).update(status="open")
    add_scoring_members(scoring_round, 495)
    ScoringRound.objects.filter(pk=scoring_round.pk).update(status="closed")
    large = queries_for_get(client, url)
    assert small.count == large.count, f"{small}\n{large}"


def test_a_members_votes_scores_and_conflicts_are_in_their_data_download(client_for, panel_member, scoring_round):
    from panels.scrutiny import services as scrutiny

    greenco, parks = scoring_round.options.order_by("name")
    services.declare_conflict(option=greenco, user=panel_member, reason="My cousin works there")
    score(parks, panel_member, 4, 2)
    topic = scrutiny.propose_topic(
        panel=scoring_round.panel, title="Lifts", description="Often broken", prompted_by="", actor=panel_member
    )
    data = client_for("panel_member").get(reverse("residents:data_export")).json()
    mine = data["panel_scrutiny_and_scoring"]
    assert mine["topics_proposed"][0]["title"] == topic.title
    assert {s["criterion"]: s["score"] for s in mine["scores"]} == {"Price": 4, "Quality": 2}
    assert mine["conflicts_declared"] == [
        {"round": scoring_round.title, "option": "GreenCo", "reason": "My cousin works there"}
    ]
