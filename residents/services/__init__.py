"""Actions that touch several models, send mail or queue work, by topic: register.py (linking, totals),
feedback.py (feedback, complaints, hazards), updates.py ("You said, we did"), outbox.py (email)."""

from .register import (
    LINK_CODE_LIFETIME,
    REGISTER_TOTALS_KEY,
    LinkError,
    count_register,
    create_link_code,
    forget_register_totals,
    get_preferences,
    link_account_by_code,
    link_account_by_tenancy,
    neighbourhood_names,
    register_totals,
)

__all__ = [
    "LINK_CODE_LIFETIME",
    "REGISTER_TOTALS_KEY",
    "LinkError",
    "count_register",
    "create_link_code",
    "forget_register_totals",
    "get_preferences",
    "link_account_by_code",
    "link_account_by_tenancy",
    "neighbourhood_names",
    "register_totals",
]
