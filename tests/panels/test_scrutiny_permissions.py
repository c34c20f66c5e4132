"""Who may do what in a scrutiny review and with a report to the Board: each predicate of
panels/scrutiny/permissions.py as a persona x state table."""

import pytest
from django.utils import timezone

from panels.models import BoardReport, ManagementResponse, MembershipRole, Recommendation, ReviewStage
from panels.scrutiny import permissions
from residents.models import Role

from ..factories import ResidentFactory, UserFactory
from .factories import MembershipFactory, PanelFactory
from .scrutiny_fixtures import make_review

PERSONAS = ["member", "chair", "other_panel_member", "resident", "staff", "board"]


@pytest.fixture
def world(db):
    """A panel, and one account per persona (members of this panel, of another, and nobody's)."""
    panel = PanelFactory()
    other = PanelFactory()
    users = {}
    for persona in PERSONAS:
        role = {"staff": Role.STAFF, "board": Role.BOARD}.get(persona, Role.RESIDENT)
        users[persona] = UserFactory(role=role)
    for persona, on, role in [
        ("member", panel, MembershipRole.MEMBER),
        ("chair", panel, MembershipRole.CHAIR),
        ("other_panel_member", other, MembershipRole.CHAIR),
    ]:
        MembershipFactory(panel=on, role=role, resident=ResidentFactory(user=users[persona]))
    ResidentFactory(user=users["resident"])
    return panel, users


def table(rows: dict[str, dict]) -> list:
    return [
        pytest.param(persona, state, expected, id=f"{persona}-{state}")
        for persona, row in rows.items()
        for state, expected in row.items()
    ]


STAGES = list(ReviewStage.values)


def by_stage(*stages) -> dict:
    return {stage: stage in stages for stage in STAGES}


@pytest.mark.parametrize(
    ("persona", "stage", "expected"),
    table(
        {
            "member": by_stage("scoping", "evidence", "reporting"),
            "chair": by_stage("scoping", "evidence", "reporting"),
            "other_panel_member": by_stage(),
            "resident": by_stage(),
            "staff": by_stage("scoping", "evidence", "reporting"),
            "board": by_stage(),
        }
    ),
)
def test_members_and_staff_add_evidence_until_the_report_goes_to_management(world, persona, stage, expected):
    panel, users = world
    review = make_review(panel, stage=stage)
    member = permissions.is_current_member(users[persona], panel)
    assert permissions.can_add_evidence(users[persona], review, member=member) is expected


@pytest.mark.parametrize(
    ("persona", "stage", "expected"),
    table(
        {
            "member": by_stage(),
            "resident": by_stage(),
            "staff": by_stage("evidence", "reporting"),
            "board": by_stage(),
        }
    ),
)
def test_staff_write_findings_while_gathering_evidence_and_reporting(world, persona, stage, expected):
    panel, users = world
    assert permissions.can_write_findings(users[persona], make_review(panel, stage=stage)) is expected


@pytest.mark.parametrize(
    ("persona", "stage", "expected"),
    table({"member": by_stage(), "staff": by_stage("response", "implementation"), "board": by_stage()}),
)
def test_management_responds_once_the_report_has_gone_to_them(world, persona, stage, expected):
    panel, users = world
    recommendation = Recommendation(review=make_review(panel, stage=stage), text="Do better")
    assert permissions.can_respond(users[persona], recommendation) is expected


RESPONSES = {
    "awaiting": (ManagementResponse.AWAITING, False),
    "accepted": (ManagementResponse.ACCEPTED, False),
    "partly": (ManagementResponse.PARTLY, False),
    "not_accepted": (ManagementResponse.NOT_ACCEPTED, False),
    "done": (ManagementResponse.ACCEPTED, True),
}


def recommendation_in(panel, state: str) -> Recommendation:
    response, done = RESPONSES[state]
    return Recommendation(
        review=make_review(panel, stage=ReviewStage.IMPLEMENTATION),
        text="Offer evening appointments",
        response=response,
        completed_at=timezone.now() if done else None,
    )


@pytest.mark.parametrize(
    ("persona", "state", "expected"),
    table(
        {
            "member": dict.fromkeys(RESPONSES, False),
            "staff": {"awaiting": False, "accepted": True, "partly": True, "not_accepted": False, "done": False},
            "board": dict.fromkeys(RESPONSES, False),
        }
    ),
)
def test_progress_is_recorded_on_an_accepted_recommendation_until_done(world, persona, state, expected):
    panel, users = world
    assert permissions.can_update_progress(users[persona], recommendation_in(panel, state)) is expected


@pytest.mark.parametrize(
    ("persona", "state", "expected"),
    table(
        {
            "member": dict.fromkeys(RESPONSES, False),
            "staff": {**dict.fromkeys(RESPONSES, False), "done": True},
            "board": dict.fromkeys(RESPONSES, False),
        }
    ),
)
def test_only_a_done_recommendation_becomes_a_you_said_we_did_draft(world, persona, state, expected):
    panel, users = world
    assert permissions.can_draft_update(users[persona], recommendation_in(panel, state)) is expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member", False),
        ("chair", True),
        ("other_panel_member", False),
        ("resident", False),
        ("staff", True),
        ("board", False),
    ],
)
def test_staff_or_the_panels_chair_send_a_report_to_the_board(world, persona, expected):
    panel, users = world
    assert permissions.can_submit_board_report(users[persona], panel) is expected


@pytest.mark.parametrize(
    ("persona", "state", "expected"),
    table(
        {
            "chair": {"awaiting": False, "answered": False},
            "staff": {"awaiting": False, "answered": False},
            "board": {"awaiting": True, "answered": False},
        }
    ),
)
def test_only_the_board_answers_a_report_and_only_once(world, persona, state, expected):
    panel, users = world
    report = BoardReport(panel=panel, title="Repairs", responded_at=timezone.now() if state == "answered" else None)
    assert permissions.can_answer_board_report(users[persona], report) is expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("member", True), ("chair", True), ("other_panel_member", False), ("resident", False), ("staff", False)],
)
def test_a_member_is_someone_whose_term_on_this_panel_is_running(world, persona, expected):
    panel, users = world
    assert permissions.is_current_member(users[persona], panel) is expected


def test_a_member_whose_term_has_ended_is_no_longer_a_member(db):
    panel = PanelFactory()
    user = UserFactory()
    MembershipFactory(
        panel=panel,
        resident=ResidentFactory(user=user),
        term_starts=timezone.localdate().replace(year=2020),
        term_ends=timezone.localdate().replace(year=2021),
    )
    assert not permissions.is_current_member(user, panel)
