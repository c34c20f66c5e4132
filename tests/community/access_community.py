"""The community app's own row of the access table (tests/test_access.py merges it in): the staff's community page."""

from ..access import STAFF_PAGE, Entry, named

COMMUNITY_PAGES = {
    "community:staff_home": Entry(named("community:staff_home"), STAFF_PAGE, wrong_method=("post", "staff")),
}
