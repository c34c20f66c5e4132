"""The community app's models, from its feature packages."""

from .walkabouts.models import (  # noqa: F401
    Priority,
    SignUp,
    SignUpStatus,
    Walkabout,
    WalkaboutIssue,
    WalkaboutKind,
)
