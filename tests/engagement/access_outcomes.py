"""The access table's rows for the outcomes framework (merged in tests/test_access.py)."""

OUTCOME_PAGES: dict = {}
OUTCOME_MISSING_OBJECTS: dict = {}
