"""Equality figures per round on the staff round page and its CSV: who applied and who was funded against the
register, through residents.disclosure (rounded to 5, groups under 5 hidden with their complement), shown only
once the round has closed and every application is decided."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from community.fund import equality
from community.fund.models import Application, ApplicationStatus
from residents.models import EqualityMonitoring

from ..factories import ResidentFactory
from ..querycount import queries_for_get
from .fund_fixtures import application_for, make_round

pytestmark = pytest.mark.django_db


def resident_aged(neighbourhood, age_band: str):
    resident = ResidentFactory(home__block__neighbourhood=neighbourhood)
    EqualityMonitoring.objects.create(resident=resident, age_band=age_band, sex="female", ethnicity="white")
    return resident


def decided_round(neighbourhood, *, young=12, young_applied=12, young_funded=6, older=8, older_applied=2):
    """`young` residents aged 25 to 34 and `older` aged 35 to 44, some of whom applied and some were funded."""
    fund_round = make_round([neighbourhood], opens_in=timedelta(days=-30), closes_in=timedelta(days=-1))
    for count, applied, funded, band in [
        (young, young_applied, young_funded, "25-34"),
        (older, older_applied, 0, "35-44"),
    ]:
        for number in range(count):
            resident = resident_aged(neighbourhood, band)
            if number < applied:
                application = application_for(resident, fund_round, title=f"{band} {number}")
                awarded = number < funded
                Application.objects.filter(pk=application.pk).update(
                    status=ApplicationStatus.AWARDED if awarded else ApplicationStatus.DECLINED,
                    awarded_amount=application.amount if awarded else None,
                    decision_reasons="Decided.",
                )
    return fund_round


def figures(table, label):
    (row,) = [row for row in table.rows if row.label == label]
    return [(f.count, f.percent) if f.shown else f.hidden for f in row.figures]


def test_known_figures_with_a_small_group_hidden_and_its_complement(client_for, neighbourhood):
    fund_round = decided_round(neighbourhood)
    tables = {table.dimension.key: table for table in equality.tables(fund_round)}
    age = tables["age_band"]
    # Register: 12 and 8, rounded to 10 and 10. Applied: 12 and 2: the 2 are hidden, and so is the 12, or the
    # total (14, shown as 15) less nothing would give them away. Funded: 6 (shown as 5), and nobody older.
    assert figures(age, "25 to 34") == [(10, 50.0), "not shown", (5, 100.0)]
    assert figures(age, "35 to 44") == [(10, 50.0), "fewer than 5", "fewer than 5"]
    assert figures(age, "Not recorded") == ["fewer than 5", "fewer than 5", "fewer than 5"]
    assert figures(age, "Everyone") == [(20, None), (15, None), (5, None)]
    assert figures(tables["neighbourhood"], "Millfield") == [(20, 100.0), (15, 100.0), (5, 100.0)]
    assert [row.label for row in tables["neighbourhood"].rows] == ["Millfield", "Everyone"]
    assert set(tables) == {"neighbourhood", "age_band", "sex", "ethnicity", "disability"}

    page = client_for("staff").get(reverse("community:fund_manage", args=[fund_round.pk])).content.decode()
    assert "Who applied and who was funded, compared with the register" in page
    assert "By age band" in page and "By ethnicity" in page and "fewer than 5" in page and "not shown" in page

    response = client_for("staff").get(reverse("community:fund_equality_csv", args=[fund_round.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Measure",
        "Group",
        "On the register",
        "On the register (%)",
        "Applied",
        "Applied (%)",
        "Funded",
        "Funded (%)",
    ]
    assert ["Age band", "25 to 34", "10", "50.0", "not shown", "", "5", "100.0"] in rows
    assert ["Age band", "35 to 44", "10", "50.0", "fewer than 5", "", "fewer than 5", ""] in rows


def test_figures_wait_until_the_round_has_closed_and_every_application_is_decided(client_for, neighbourhood):
    fund_round = decided_round(neighbourhood, young=6, young_applied=6, young_funded=0, older=0, older_applied=0)
    undecided = application_for(resident_aged(neighbourhood, "25-34"), fund_round, title="Still being considered")
    client = client_for("staff")
    page = client.get(reverse("community:fund_manage", args=[fund_round.pk])).content.decode()
    assert equality.WAIT in page and "By age band" not in page
    assert client.get(reverse("community:fund_equality_csv", args=[fund_round.pk])).status_code == 404

    Application.objects.filter(pk=undecided.pk).update(status=ApplicationStatus.DECLINED, decision_reasons="No.")
    page = client.get(reverse("community:fund_manage", args=[fund_round.pk])).content.decode()
    assert "By age band" in page and equality.WAIT not in page

    open_round = make_round([neighbourhood], title="Open now")
    page = client.get(reverse("community:fund_manage", args=[open_round.pk])).content.decode()
    assert equality.WAIT in page
    nobody = make_round([neighbourhood], title="Nobody", opens_in=timedelta(days=-9), closes_in=timedelta(days=-2))
    page = client.get(reverse("community:fund_manage", args=[nobody.pk])).content.decode()
    assert equality.NONE_SENT in page


def test_the_round_page_with_its_figures_costs_the_same_queries_at_small_and_large_data(client_for, neighbourhood):
    small_round = decided_round(neighbourhood, young=3, young_applied=2, young_funded=1, older=1, older_applied=1)
    client = client_for("staff")
    small = queries_for_get(client, reverse("community:fund_manage", args=[small_round.pk]))
    large_round = decided_round(neighbourhood, young=30, young_applied=25, young_funded=12, older=10, older_applied=6)
    large = queries_for_get(client, reverse("community:fund_manage", args=[large_round.pk]))
    assert small.count == large.count, large
    assert "By age band" in client.get(reverse("community:fund_manage", args=[large_round.pk])).content.decode()
