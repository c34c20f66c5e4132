"""Panel fixtures shared by the access table and the panels tests (loaded as a plugin by tests/conftest.py)."""

import pytest

from .factories import ApplicationFactory, MembershipFactory, PanelFactory


@pytest.fixture
def open_panel(db):
    """A panel staff added, taking applications."""
    return PanelFactory(name="Contractor Selection Panel", slug="contractor-selection")


@pytest.fixture
def own_application(resident, open_panel):
    """The `resident` persona's application to the open panel, waiting for staff."""
    return ApplicationFactory(panel=open_panel, resident=resident.resident, why="I want better contractors.")


@pytest.fixture
def own_membership(resident):
    """The `resident` persona's current membership of a planned works panel."""
    return MembershipFactory(
        panel=PanelFactory(name="Planned Works Panel", slug="planned-works"), resident=resident.resident
    )
