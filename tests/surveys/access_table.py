"""The surveys app's rows of the access table (tests/test_access.py merges them in).

Same format as PRODUCT and MISSING_OBJECTS there: URL name -> Entry. Fixtures the URL builders ask for live in
tests/surveys/fixtures.py, which tests/conftest.py loads as a plugin so every test module can use them.
"""

from ..access import (  # noqa: F401
    LOGIN,
    MFA_SETUP,
    MISSING_PK,
    POST_ONLY,
    RESIDENT_LINKED_PAGE,
    STAFF_PAGE,
    STAFF_PAGE_MISSING_OBJECT,
    Entry,
    Redirect,
    by_persona,
    everyone,
    named,
    signed_in,
)

SURVEY_PAGES: dict = {}
SURVEY_MISSING_OBJECTS: dict = {}
