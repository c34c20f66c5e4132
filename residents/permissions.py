"""Who may do what. Predicates are plain functions; the view decorators build on them.

A wrong role gets 403. Staff and board members must have two-factor authentication on before any staff or
board page opens: until then they are sent to set it up.
"""

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .models import Role

STAFF_ROLES = (Role.STAFF, Role.ADMIN)
BOARD_ROLES = (Role.BOARD, Role.ADMIN)


def is_resident(user) -> bool:
    return user.is_authenticated and user.role == Role.RESIDENT


def is_staff(user) -> bool:
    return user.is_authenticated and user.role in STAFF_ROLES


def is_board(user) -> bool:
    return user.is_authenticated and user.role in BOARD_ROLES


def needs_mfa(user) -> bool:
    """Staff, board and admin accounts must have two-factor authentication before their pages open."""
    return user.is_authenticated and user.role != Role.RESIDENT and not is_mfa_enabled(user)


def can_use_admin_site(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.ADMIN and not needs_mfa(user)


def _role_required(predicate):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            if needs_mfa(request.user):
                messages.info(
                    request,
                    "Staff and board members must set up two-factor authentication before using these pages.",
                )
                return redirect("mfa_activate_totp")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


resident_required = _role_required(is_resident)
staff_required = _role_required(is_staff)
board_required = _role_required(is_board)
# Aggregate reports both read: staff run them, the Board scrutinises them.
staff_or_board_required = _role_required(lambda user: is_staff(user) or is_board(user))
