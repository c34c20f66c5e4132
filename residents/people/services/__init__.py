"""Actions on people that touch several models, send mail or queue work: register.py (linking accounts to homes,
link codes, the register's totals) and register_changes.py (confirming and undoing register imports)."""

from .register import (
    LINK_CODE_LIFETIME,
    REGISTER_TOTALS_KEY,
    REGISTER_VERSION_KEY,
    LinkError,
    count_register,
    create_link_code,
    forget_register_totals,
    get_preferences,
    link_account_by_code,
    link_account_by_tenancy,
    neighbourhood_names,
    register_totals,
    register_version,
)

__all__ = [
    "LINK_CODE_LIFETIME",
    "REGISTER_TOTALS_KEY",
    "REGISTER_VERSION_KEY",
    "LinkError",
    "count_register",
    "create_link_code",
    "forget_register_totals",
    "get_preferences",
    "link_account_by_code",
    "link_account_by_tenancy",
    "neighbourhood_names",
    "register_totals",
    "register_version",
]
