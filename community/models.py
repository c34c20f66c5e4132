"""The community app's models. Each feature keeps its models in its own package; they are re-exported here so
`community.models` names every model of the app."""

from .champions.models import BlockChampion, ChampionStatus  # noqa: F401
from .events.models import Event, EventKind, EventSignUp, EventSignUpStatus, EventStatus  # noqa: F401
from .fund.models import (  # noqa: F401
    ApplicantType,
    Application,
    ApplicationStatus,
    FundCriterion,
    FundRound,
)
from .plans.models import Action, ActionPlan, ActionPrompt, PlanComment, ProgressUpdate, Proposal, Vote  # noqa: F401
from .spaces.models import (  # noqa: F401
    Booking,
    BookingDate,
    BookingStatus,
    OpeningHours,
    Space,
    Weekday,
    WhoMayBook,
)
from .walkabouts.models import (  # noqa: F401
    Priority,
    SignUp,
    SignUpStatus,
    Walkabout,
    WalkaboutIssue,
    WalkaboutKind,
)
