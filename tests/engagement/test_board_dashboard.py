"""The Board dashboard's figures, counted by hand from known data (tests/engagement/board_data.py): feedback,
complaints, hazards, "You said, we did" and involvement, with the period and neighbourhood filters."""

import re
from html import unescape

import pytest

from engagement.board import selectors
from engagement.board.views import SECTIONS

from .board_data import NOW, at, board_url, build_activity, filters_for, rows_of, table_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(staff):
    return build_activity(staff)


def sections_for(key, neighbourhood=None):
    filters = filters_for(key, neighbourhood)
    return [build(filters) for build in SECTIONS]


def text_of(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_feedback_is_counted_by_category_and_kind_within_the_period(activity):
    volume = rows_of(table_in(sections_for("y2025"), "feedback-volume"))

    # Comment, Suggestion, Compliment, Service request, Complaint, All kinds
    assert volume["Cleaning"] == [1, 0, 0, 0, 0, 1]  # Eve's comment of January 2025 is before the year
    assert volume["Repairs"] == [0, 0, 0, 0, 2, 2]
    assert volume["Grounds and gardens"] == [0, 1, 0, 0, 0, 1]
    assert volume["Damp and mould"] == [0, 0, 0, 1, 0, 1]
    assert volume["All categories"] == [1, 1, 0, 1, 2, 5]


def test_themes_are_counted_by_the_quarter_the_feedback_came_in(activity):
    themes = table_in(sections_for("y2025"), "feedback-themes")

    assert [c.label for c in themes.columns[1:]] == [
        "April to June 2025",
        "July to September 2025",
        "October to December 2025",
        "January to March 2026",
    ]
    assert rows_of(themes)["Repairs"] == [0, 1, 0, 1]
    assert rows_of(themes)["Cleaning"] == [1, 0, 0, 0]


def test_complaints_are_judged_against_the_codes_timescales_by_stage(activity):
    with at(2026, 2, 16, 12):
        stages = rows_of(table_in(sections_for("y2025"), "complaints-stages"))

    # Target, Acknowledged, in time %, Answered, Answered in time, in time %, extended, average days, open past due
    target, acknowledged, ack_share, answered, in_time, in_time_share, extended, days, overdue = stages["Stage 1"]
    assert "5 working days to acknowledge, 10 more to respond" == target
    assert (acknowledged, ack_share) == (2, 50.0)  # Ann's in time, Dan's a day late
    assert (answered, in_time, in_time_share, extended) == (1, 1, 100.0, 0)
    assert days == 9.0  # Ann's: 1 July to 10 July
    assert overdue == 1  # Dan's, never answered
    assert stages["Stage 2"][1:] == [0, None, 0, 0, None, 0, None, 0]


def test_hazards_are_judged_against_awaabs_law_clock_by_clock(activity):
    section = selectors.feedback_section(filters_for("y2025"))
    clocks = rows_of(table_in([section], "hazards-clocks"))

    # Target, applies to, met in time, met late, missed and past due, still running, % in time
    assert clocks["Investigate"][1:] == [1, 1, 0, 0, 0, 100.0]
    assert clocks["Make safe (safety work)"][1:] == [1, 0, 1, 0, 0, 0.0]
    assert clocks["Written summary to the resident"][1:] == [1, 0, 0, 1, 0, 0.0]
    assert clocks["Start further work"][1:] == [1, 0, 0, 0, 1, None]
    breaches = next(h for h in section.headlines if h.label == "Awaab's Law breaches")
    assert breaches.value == "2"


def test_you_said_we_did_counts_published_entries_and_residents_told(activity):
    topics = rows_of(table_in(sections_for("y2025"), "updates-topics"))

    # Published, withdrawn since, residents whose voices they answer, told by email
    assert topics["Repairs"] == [1, 0, 2, 1]  # the draft is not counted; one of the two emails has gone
    assert topics["All topics"] == [1, 0, 2, 1]


def test_involvement_counts_each_resident_once_per_activity_and_households_reached(activity):
    section = selectors.involvement_section(filters_for("y2025"))
    reach = rows_of(table_in([section], "involvement-activities"))

    # Residents, share of residents (6 on the register)
    assert reach["Surveys"] == [1, 16.7]  # Cat
    assert reach["Feedback"] == [3, 50.0]  # Ann (twice), Bob, Dan (three times)
    assert reach["Panels"] == [1, 16.7]  # Bob
    assert reach["Walkabouts"] == [0, 0.0]  # recorded now, and nobody came on a walk
    assert reach["Volunteering"] == [0, 0.0]
    assert reach["Any of these"] == [4, 66.7]
    households = next(h for h in section.headlines if h.label == "Households reached")
    assert (households.value, households.detail) == ("80.0%", "4 of 5 households")


def test_the_neighbourhood_filter_narrows_every_section_to_it(activity):
    sections = sections_for("y2025", activity["south"])

    assert rows_of(table_in(sections, "feedback-volume"))["All categories"] == [0, 0, 0, 1, 1, 2]
    assert rows_of(table_in(sections, "involvement-activities"))["Any of these"] == [1, 100.0]
    assert rows_of(table_in(sections, "updates-topics"))["Repairs"] == [1, 0, 2, 1]  # an entry for everyone
    assert rows_of(table_in(sections, "panels-members"))["Repairs Panel"] == [0, 0, 0, 0, 0]


def test_the_page_shows_the_tables_with_their_csv_links(activity, client_for):
    with at(2026, 2, 16, 12):
        response = client_for("board").get(board_url(period="y2025"))
    shown = text_of(response)

    assert "Board dashboard" in shown
    assert "Repairs 0 0 0 0 2 2" in shown
    assert "Neighbourhood Action Plans" in shown and "Action plan actions by neighbourhood" in shown
    assert "Community Fund Rounds that opened in April 2025 to March 2026 (so far)" in shown
    assert 'href="/board/tables/feedback-volume.csv?period=y2025"' in response.content.decode()
    assert 'href="/board/pack/?period=y2025"' in response.content.decode()


def test_a_period_that_is_not_offered_is_an_error_next_to_the_field_and_the_default_is_shown(activity, client_for):
    with at(2026, 2, 16, 12):
        response = client_for("board").get(board_url(period="y1999"))
    shown = text_of(response)

    assert response.status_code == 200
    assert "There is a problem" in shown
    assert "The last 12 months" in shown
    assert response.context["filters"].period.key == "12m"


def test_the_csv_holds_the_same_rows_as_the_table(activity, client_for):
    with at(2026, 2, 16, 12):
        response = client_for("board").get(board_url("board_csv", slug="feedback-volume", period="y2025"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="board-feedback-volume-y2025.csv"' in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "Category,Comment,Suggestion,Compliment,Service request,Complaint,All kinds"
    assert "Repairs,0,0,0,0,2,2" in lines
    assert lines[-1] == "All categories,1,1,0,1,2,5"


def test_every_table_on_the_page_has_a_csv(activity, client_for):
    client = client_for("board")
    with at(2026, 2, 16, 12):
        page = client.get(board_url(period="y2025"))
        slugs = [t.slug for s in page.context["sections"] for t in s.tables]
        for slug in slugs:
            response = client.get(board_url("board_csv", slug=slug, period="y2025"))
            assert response.status_code == 200, slug
            assert response.content.decode().count("\n") == len(table_in(page.context["sections"], slug).rows) + 1

    assert len(slugs) >= 12


def test_a_table_that_is_not_on_the_dashboard_is_a_404(client_for, db):
    assert client_for("board").get(board_url("board_csv", slug="no-such-table")).status_code == 404


def test_a_residents_text_that_looks_like_a_formula_is_kept_as_text_in_the_csv(activity, client_for):
    activity["north"].name = "=HYPERLINK(1)"
    activity["north"].save()
    with at(2026, 2, 16, 12):
        response = client_for("board").get(board_url("board_csv", slug="representation-neighbourhood"))

    assert "'=HYPERLINK(1)" in response.content.decode()


def test_the_page_is_today_by_default(activity, client_for):
    assert NOW.date().isoformat() == "2026-02-16"
    with at(2026, 2, 16, 12):
        response = client_for("board").get(board_url())

    assert response.context["filters"].period.label == "The last 12 months"
