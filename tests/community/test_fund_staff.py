"""Staff run the Community Fund: set up a round, score its applications through panels.scoring, decide them within
the budget (held by the database even for two awards at once), see the figures and download the CSV."""

import csv
import io
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.urls import reverse

from community.fund import services
from community.fund.models import Application, ApplicationStatus, FundRound
from panels.models import Option, RoundStatus

from ..factories import ResidentFactory
from ..panels.factories import ScrutinyPanelFactory
from ..querycount import queries_for_get
from .fund_fixtures import application_for, make_round


def closed_round_with(neighbourhood, count: int, *, budget=Decimal("5000.00")):
    fund_round = make_round([neighbourhood], opens_in=timedelta(days=-30), closes_in=timedelta(days=-1), budget=budget)
    for number in range(count):
        application_for(
            ResidentFactory(home__block__neighbourhood=neighbourhood), fund_round, title=f"Project {number}"
        )
    return fund_round


@pytest.mark.django_db
def test_staff_set_up_a_round_with_weighted_criteria(client_for, staff, neighbourhood):
    data = {
        "title": "Autumn fund",
        "description": "Small grants.",
        "priorities": "Loneliness first.",
        "budget": "4000",
        "max_award": "500",
        "opens_at": "2027-01-10T09:00",
        "closes_at": "2027-02-10T17:00",
        "residents_may_apply": "on",
        "neighbourhoods": [neighbourhood.pk],
        "asks_insurance": "on",
        "criteria_text": "Loneliness: 60\nResident-led: 30",
        "report_after_days": "90",
    }
    client = client_for("staff")
    response = client.post(reverse("community:fund_round_create"), data)
    assert response.status_code == 400
    assert "add up to 100; they add up to 90" in response.context["form"].errors["criteria_text"][0]
    assert response.context["form"]["title"].value() == "Autumn fund"
    response = client.post(
        reverse("community:fund_round_create"), data | {"criteria_text": "Loneliness: 70\nResident-led: 30"}
    )
    fund_round = FundRound.objects.get()
    assert response.status_code == 302
    assert [(c.name, c.weight) for c in fund_round.criteria.all()] == [("Loneliness", 70), ("Resident-led", 30)]
    assert not fund_round.groups_may_apply and fund_round.asks_insurance and not fund_round.asks_safeguarding


@pytest.mark.django_db
def test_scoring_is_a_panels_scoring_round_with_one_option_per_sent_application(client_for, staff, neighbourhood):
    fund_round = closed_round_with(neighbourhood, 2)
    draft = Application.objects.create(
        round=fund_round,
        resident=ResidentFactory(),
        applicant_type="resident",
        title="Unsent",
        description="x",
        beneficiaries="y",
    )
    panel = ScrutinyPanelFactory()
    response = client_for("staff").post(reverse("community:fund_scoring", args=[fund_round.pk]), {"panel": panel.pk})
    fund_round.refresh_from_db()
    scoring_round = fund_round.scoring_round
    assert response.status_code == 302 and response["Location"] == reverse(
        "panels:round_detail", args=[scoring_round.pk]
    )
    assert scoring_round.panel == panel and scoring_round.status == RoundStatus.DRAFT
    assert sorted(c.weight for c in scoring_round.criteria.all()) == [30, 30, 40]
    subjects = {option.subject for option in Option.objects.filter(round=scoring_round)}
    assert subjects == set(Application.objects.filter(status=ApplicationStatus.SUBMITTED)) and draft not in subjects
    with pytest.raises(ValidationError, match="already been set up"):
        services.create_scoring(fund_round=fund_round, panel=panel, actor=staff)


@pytest.mark.django_db
def test_scoring_waits_for_the_deadline(staff, open_fund_round):
    with pytest.raises(ValidationError, match="closed"):
        services.create_scoring(fund_round=open_fund_round, panel=ScrutinyPanelFactory(), actor=staff)


@pytest.mark.django_db
def test_staff_award_part_and_decline_with_reasons(client_for, staff, neighbourhood):
    fund_round = closed_round_with(neighbourhood, 2)
    first, second = fund_round.applications.order_by("pk")
    client = client_for("staff")
    url = reverse("community:fund_decide", args=[first.pk])
    response = client.post(url, {"decision": "award", "award": "", "reasons": "Good project."})
    assert response.status_code == 400 and "Give the amount" in response.context["form"].errors["award"][0]
    response = client.post(url, {"decision": "award", "award": "999", "reasons": "Good."})
    assert "Award between" in response.context["form"].errors["award"][0]
    response = client.post(url, {"decision": "award", "award": "150", "reasons": "Food only."})
    assert response.status_code == 302
    response = client.post(
        reverse("community:fund_decide", args=[second.pk]), {"decision": "decline", "reasons": "Out of scope."}
    )
    first.refresh_from_db(), second.refresh_from_db(), fund_round.refresh_from_db()
    assert (first.status, first.awarded_amount) == (ApplicationStatus.PART_AWARDED, Decimal("150"))
    assert (second.status, second.awarded_amount, second.decision_reasons) == (
        ApplicationStatus.DECLINED,
        None,
        "Out of scope.",
    )
    assert fund_round.awarded_total == Decimal("150")
    page = client.get(reverse("community:fund_manage", args=[fund_round.pk]))
    assert page.context["budget_left"] == Decimal("4850") and page.context["asked"] == Decimal("600")


@pytest.mark.django_db
def test_an_award_beyond_the_budget_left_is_refused(staff, neighbourhood):
    fund_round = closed_round_with(neighbourhood, 2, budget=Decimal("1000"))
    first, second = fund_round.applications.order_by("pk")
    services.decide(application=first, award=Decimal("300"), reasons="Yes.", actor=staff)
    Application.objects.filter(pk=second.pk).update(amount=Decimal("800"), budget_breakdown="All: 800")
    FundRound.objects.filter(pk=fund_round.pk).update(max_award=Decimal("1000"))
    second.refresh_from_db()
    with pytest.raises(ValidationError, match="Only £700.00"):
        services.decide(application=second, award=Decimal("800"), reasons="Yes.", actor=staff)
    assert services.decide(application=second, award=Decimal("700"), reasons="Part.", actor=staff).awarded_amount


@pytest.mark.django_db
def test_the_database_refuses_a_total_above_the_budget(neighbourhood):
    fund_round = make_round([neighbourhood], budget=Decimal("1000"))
    with pytest.raises(IntegrityError), transaction.atomic():
        FundRound.objects.filter(pk=fund_round.pk).update(awarded_total=Decimal("1000.01"))


@pytest.mark.django_db(transaction=True)
def test_two_awards_made_at_once_never_pass_the_budget(neighbourhood):
    from residents.models import Role

    from ..factories import UserFactory

    staff = UserFactory(role=Role.STAFF)
    fund_round = closed_round_with(neighbourhood, 2, budget=Decimal("1000"))
    for application in fund_round.applications.all():
        Application.objects.filter(pk=application.pk).update(amount=Decimal("600"), budget_breakdown="All: 600")
    FundRound.objects.filter(pk=fund_round.pk).update(max_award=Decimal("1000"))
    first, second = fund_round.applications.order_by("pk")
    start, outcomes = threading.Barrier(2), {}

    def award(application):
        try:
            start.wait(5)
            services.decide(application=application, award=Decimal("600"), reasons="Funded.", actor=staff)
            outcomes[application.pk] = "awarded"
        except ValidationError as error:
            outcomes[application.pk] = " ".join(error.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=award, args=[a]) for a in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert sorted(outcomes.values())[0] == "Only £400.00 of the round's budget is left; award that or less."
    assert sorted(outcomes.values())[1] == "awarded"
    fund_round.refresh_from_db()
    assert fund_round.awarded_total == Decimal("600")
    assert Application.objects.filter(status=ApplicationStatus.AWARDED).count() == 1


@pytest.mark.django_db
def test_the_csv_guards_against_spreadsheet_formulas(client_for, resident, neighbourhood):
    fund_round = make_round([neighbourhood])
    application_for(resident.resident, fund_round, title='=HYPERLINK("http://evil")', group_name="@group")
    response = client_for("staff").get(reverse("community:fund_csv", args=[fund_round.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Application" and rows[1][5] == '\'=HYPERLINK("http://evil")' and rows[1][4] == "'@group"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "persona"),
    [("community:fund_manage", "staff"), ("community:fund_round", "anonymous")],
)
def test_round_pages_cost_the_same_queries_at_small_and_large_data(client_for, resident, neighbourhood, name, persona):
    fund_round = closed_round_with(neighbourhood, 2)
    client = client_for(persona)
    small = queries_for_get(client, reverse(name, args=[fund_round.pk]))
    for number in range(8):
        application_for(ResidentFactory(), fund_round, title=f"More {number}")
    large = queries_for_get(client, reverse(name, args=[fund_round.pk]))
    assert small.count == large.count, large


@pytest.mark.django_db
def test_list_pages_cost_the_same_queries_at_small_and_large_data(client_for, staff, neighbourhood):
    make_round([neighbourhood])
    staff_client, public = client_for("staff"), client_for("anonymous")
    small = [
        queries_for_get(staff_client, reverse("community:fund_staff_list")),
        queries_for_get(public, reverse("community:fund_rounds")),
    ]
    for number in range(6):
        make_round([neighbourhood], title=f"Round {number}")
    large = [
        queries_for_get(staff_client, reverse("community:fund_staff_list")),
        queries_for_get(public, reverse("community:fund_rounds")),
    ]
    assert [q.count for q in small] == [q.count for q in large], large


@pytest.mark.django_db
def test_application_pages_cost_the_same_queries_whatever_the_budget_lines(
    client_for, resident, staff, open_fund_round
):
    few = application_for(resident.resident, open_fund_round, amount=Decimal("100"), budget_breakdown="Food: 100")
    many = application_for(
        resident.resident,
        open_fund_round,
        amount=Decimal("100"),
        budget_breakdown="\n".join(f"Item {n}: 10" for n in range(10)),
    )
    client = client_for("resident")
    assert (
        queries_for_get(client, reverse("community:fund_application", args=[few.pk])).count
        == queries_for_get(client, reverse("community:fund_application", args=[many.pk])).count
    )
    with time_machine.travel(open_fund_round.closes_at + timedelta(hours=1)):
        staff_client = client_for("staff")
        assert (
            queries_for_get(staff_client, reverse("community:fund_decide", args=[few.pk])).count
            == queries_for_get(staff_client, reverse("community:fund_decide", args=[many.pk])).count
        )


@pytest.mark.django_db
def test_a_completed_project_becomes_a_you_said_we_did_draft_citing_it(client_for, staff, neighbourhood):
    from residents.models import UpdateStatus, YouSaidWeDid
    from residents.updates import sources

    fund_round = closed_round_with(neighbourhood, 1)
    application = fund_round.applications.get()
    client = client_for("staff")
    response = client.post(reverse("community:fund_complete", args=[application.pk]), {"summary": "Forty lunches."})
    assert response.status_code == 302  # not funded yet: refused, back to the application
    assert not YouSaidWeDid.objects.exists()
    services.decide(application=application, award=Decimal("300"), reasons="Yes.", actor=staff)
    response = client.post(reverse("community:fund_complete", args=[application.pk]), {"summary": "Forty lunches."})
    entry = YouSaidWeDid.objects.get()
    assert response["Location"] == reverse("residents:update_edit", args=[entry.pk])
    assert entry.status == UpdateStatus.DRAFT and "Forty lunches." in entry.we_did
    assert list(entry.neighbourhoods.all()) == [neighbourhood]
    assert sources.voices(entry.sources.all()) == {application.resident_id}
    application.refresh_from_db()
    assert application.completed_at and application.update == entry
    public = client_for("anonymous").get(reverse("community:fund_funded")).content.decode()
    assert "Project 0" in public and "£300.00" in public and application.resident.last_name not in public


@pytest.mark.django_db
def test_the_funded_page_costs_the_same_queries_at_small_and_large_data(client_for, staff, neighbourhood):
    fund_round = closed_round_with(neighbourhood, 1)
    for application in fund_round.applications.all():
        services.decide(application=application, award=Decimal("100"), reasons="Yes.", actor=staff)
    client = client_for("anonymous")
    small = queries_for_get(client, reverse("community:fund_funded"))
    for application in closed_round_with(neighbourhood, 5).applications.all():
        services.decide(application=application, award=Decimal("100"), reasons="Yes.", actor=staff)
    assert queries_for_get(client, reverse("community:fund_funded")).count == small.count


@pytest.mark.django_db
def test_the_report_reminder_goes_once_when_due_and_overdue_reports_are_listed(
    client_for, resident, funded_fund_application
):
    from residents.models import OutboundEmail

    application = funded_fund_application
    assert application.report_due_at
    assert services.send_report_reminders() == 0
    later = application.report_due_at + timedelta(hours=1)
    assert services.send_report_reminders(now=later) == 1
    assert services.send_report_reminders(now=later) == 0
    assert OutboundEmail.objects.filter(key=f"fund-report-due-{application.pk}").count() == 1
    with time_machine.travel(later):
        manage = client_for("staff").get(reverse("community:fund_manage", args=[application.round_id]))
        assert [a.pk for a in manage.context["overdue"]] == [application.pk]
        client = client_for("resident")
        url = reverse("community:fund_report", args=[application.pk])
        response = client.post(url, {"what_done": "Forty lunches.", "people_reached": "", "spend": "Food"})
        assert response.status_code == 400 and response.context["form"]["what_done"].value() == "Forty lunches."
        response = client.post(url, {"what_done": "Forty lunches.", "people_reached": "31", "spend": "Food: 300"})
        assert response.status_code == 302
        manage = client_for("staff").get(reverse("community:fund_manage", args=[application.round_id]))
        assert manage.context["overdue"] == []
    application.refresh_from_db()
    assert application.report_people_reached == 31 and application.report_submitted_at
    assert client_for("resident").get(url).status_code == 302  # reported once
