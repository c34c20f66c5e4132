"""The community app's models, from its feature packages."""

from .champions.models import BlockChampion, ChampionStatus  # noqa: F401
from .fund.models import (  # noqa: F401
    ApplicantType,
    Application,
    ApplicationStatus,
    FundCriterion,
    FundRound,
)
from .walkabouts.models import (  # noqa: F401
    Priority,
    SignUp,
    SignUpStatus,
    Walkabout,
    WalkaboutIssue,
    WalkaboutKind,
)
