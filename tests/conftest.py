"""Named personas and shared fixtures. Every test talks to the real PostgreSQL and Redis."""

import pytest
from django.core.cache import cache
from django.test import Client

from residents.models import Role

from .factories import BlockFactory, HomeFactory, NeighbourhoodFactory, ResidentFactory, UserFactory

pytest_plugins = [
    "tests.surveys.fixtures",
    "tests.surveys.results_data",
    "tests.panels.fixtures",
    "tests.panels.meeting_fixtures",
    "tests.panels.scrutiny_fixtures",
    "tests.residents.involvement_fixtures",
    "tests.community.walkabout_fixtures",
    "tests.community.spaces_fixtures",
    "tests.community.events_fixtures",
    "tests.community.plan_fixtures",
    "tests.community.fund_fixtures",
]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and import progress live in Redis: start every test with a clean cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def neighbourhood(db):
    return NeighbourhoodFactory(name="Millfield")


@pytest.fixture
def home(neighbourhood):
    return HomeFactory(block=BlockFactory(neighbourhood=neighbourhood, name="Alder House"), postcode="LS6 2AB")


@pytest.fixture
def resident(home):
    """A resident whose account is linked to their register entry."""
    user = UserFactory(email="resident@example.org", full_name="Amina Okafor")
    ResidentFactory(home=home, user=user, first_name="Amina", last_name="Okafor", tenancy_reference="T-100001")
    return user


@pytest.fixture
def other_resident(db):
    """A resident in another neighbourhood: must never see the first resident's things."""
    other_home = HomeFactory(
        block=BlockFactory(neighbourhood=NeighbourhoodFactory(name="Hillside")), postcode="BD1 4EF"
    )
    user = UserFactory(email="other@example.org", full_name="Piotr Nowak")
    ResidentFactory(home=other_home, user=user, first_name="Piotr", last_name="Nowak")
    return user


@pytest.fixture
def panel_member(db):
    """A resident who sits on the Resident Scrutiny Panel: sees their panels' papers and meetings, and otherwise only
    what any resident sees."""
    from .panels.factories import MembershipFactory, ScrutinyPanelFactory

    panel_home = HomeFactory(
        block=BlockFactory(neighbourhood=NeighbourhoodFactory(name="Riverside")), postcode="LS9 8QT"
    )
    user = UserFactory(email="panel@example.org", full_name="Grace Mensah")
    member = ResidentFactory(home=panel_home, user=user, first_name="Grace", last_name="Mensah")
    MembershipFactory(panel=ScrutinyPanelFactory(), resident=member)
    return user


@pytest.fixture
def unlinked_resident(db):
    """A resident account not yet linked to a register entry."""
    return UserFactory(email="new@example.org", full_name="")


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.org", full_name="Sam Staff", role=Role.STAFF, mfa=True)


@pytest.fixture
def staff_without_mfa(db):
    return UserFactory(email="staff-nomfa@example.org", full_name="Nell Newstarter", role=Role.STAFF)


@pytest.fixture
def board(db):
    return UserFactory(email="board@example.org", full_name="Bea Board", role=Role.BOARD, mfa=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.org", full_name="Ada Admin", role=Role.ADMIN, mfa=True)


PERSONAS = [
    "anonymous",
    "resident",
    "other_resident",
    "panel_member",
    "unlinked_resident",
    "staff",
    "staff_without_mfa",
    "board",
    "admin_user",
]


@pytest.fixture
def client_for(request, db):
    """client_for("staff") -> a Django test client signed in as that persona (anonymous: not signed in)."""

    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return make


from .workers import celery_beat, celery_worker, celery_workers  # noqa: E402,F401  (a real Celery worker process, for tests that need one)
