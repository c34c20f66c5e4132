"""The access table's rows for the Board dashboard, its pack and its CSVs (merged in tests/test_access.py).

Board members and administrators only: the figures are aggregates, but they are the Board's papers. Staff have their
own pages for the same work (the feedback queue, the hazards page, survey results) and get 403 here, as residents
do; staff and board members without two-factor authentication are sent to set it up first (board_required)."""

from ..access import LOGIN, Entry, by_persona, named

BOARD_PAGE = by_persona(
    anonymous=LOGIN,
    resident=403,
    other_resident=403,
    panel_member=403,
    unlinked_resident=403,
    staff=403,
    staff_without_mfa=403,
    board=200,
    admin_user=200,
)

BOARD_PAGES = {
    "board_home": Entry(named("board_home"), BOARD_PAGE, wrong_method=("post", "board")),
    "board_pack": Entry(named("board_pack"), BOARD_PAGE, wrong_method=("post", "board")),
    "board_csv": Entry(named("board_csv", slug="feedback-volume"), BOARD_PAGE, wrong_method=("post", "board")),
}
