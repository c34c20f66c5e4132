"""Pages of involvement. Public: the Get involved page and one opportunity. Residents: expressing interest, their
involvement record, logging hours, booking training, claiming expenses. Staff: writing and publishing
opportunities, who is involved in each, deciding on interest and ticking off induction, confirming hours,
training sessions and completions, deciding expenses claims and the CSV for finance; a resident's record opened
from the register, with hours and claims logged on their behalf.

Views check access, run a form and call one service; when a service refuses, its message is shown with the form
and what was typed is kept."""

from .expenses import claim_decide, claim_new, claim_receipt, claims_csv, staff_claims
from .opportunities import (
    close,
    create,
    decide,
    edit,
    express_interest,
    get_involved,
    hours_confirm,
    hours_queue,
    induction,
    log_hours,
    my_involvement,
    opportunity_detail,
    register,
    register_csv,
    staff_list,
    volunteers,
)
from .record import staff_claim, staff_log_hours, staff_record
from .training import (
    course_create,
    session_complete,
    session_create,
    session_detail,
    staff_training,
    training,
    training_book,
)

__all__ = [
    "claim_decide",
    "claim_new",
    "claim_receipt",
    "claims_csv",
    "close",
    "course_create",
    "create",
    "decide",
    "edit",
    "express_interest",
    "get_involved",
    "hours_confirm",
    "hours_queue",
    "induction",
    "log_hours",
    "my_involvement",
    "opportunity_detail",
    "register",
    "register_csv",
    "session_complete",
    "session_create",
    "session_detail",
    "staff_claim",
    "staff_claims",
    "staff_list",
    "staff_log_hours",
    "staff_record",
    "staff_training",
    "training",
    "training_book",
    "volunteers",
]
