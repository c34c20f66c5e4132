"""The access table's rows for decisions and the resident voice (merged in tests/test_access.py)."""

DECISION_PAGES: dict = {}
DECISION_MISSING_OBJECTS: dict = {}
