"""The community app's models, from its feature packages."""

from .champions.models import BlockChampion, ChampionStatus  # noqa: F401
from .walkabouts.models import (  # noqa: F401
    Priority,
    SignUp,
    SignUpStatus,
    Walkabout,
    WalkaboutIssue,
    WalkaboutKind,
)

from .fund.models import (  # noqa: F401, E402
    ApplicantType,
    Application,
    ApplicationStatus,
    FundCriterion,
    FundRound,
)
