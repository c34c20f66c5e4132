"""Who may do what. Predicates are plain functions; the view decorators build on them.

A wrong role gets 403. Staff and board members must have two-factor authentication on before any staff or
board page opens: until then they are sent to set it up. Whether it is on is looked up once per session and
remembered against the account's mfa_version, which goes up whenever an authenticator is added or removed, so
every session of the account looks again after a change.
"""

from functools import wraps

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef
from django.shortcuts import get_object_or_404, redirect

from .people.models import RegisterImport, Resident, Role, User

STAFF_ROLES = (Role.STAFF, Role.ADMIN)
BOARD_ROLES = (Role.BOARD, Role.ADMIN)


def is_resident(user) -> bool:
    return user.is_authenticated and user.role == Role.RESIDENT


def is_staff(user) -> bool:
    return user.is_authenticated and user.role in STAFF_ROLES


def is_board(user) -> bool:
    return user.is_authenticated and user.role in BOARD_ROLES


MFA_SESSION_KEY = "_mfa_enabled"


def needs_mfa(user, session=None) -> bool:
    """Staff, board and admin accounts must have two-factor authentication before their pages open. Given the
    request's session, the answer is remembered there (see remember_mfa)."""
    return user.is_authenticated and user.role != Role.RESIDENT and not _mfa_enabled(user, session)


def _mfa_enabled(user, session) -> bool:
    if session is not None:
        remembered = session.get(MFA_SESSION_KEY)
        if remembered and remembered[:2] == [user.pk, user.mfa_version]:
            return remembered[2]
    return remember_mfa(user, session)


def remember_mfa(user, session) -> bool:
    """Look up whether the account has two-factor authentication on and, given a session, remember it there
    with the account's mfa_version read in the same query, so the two always agree."""
    version, enabled = (
        User.objects.filter(pk=user.pk)
        .values_list("mfa_version", Exists(Authenticator.objects.filter(user_id=OuterRef("pk"))))
        .get()
    )
    if session is not None and session.get(MFA_SESSION_KEY) != [user.pk, version, enabled]:
        session[MFA_SESSION_KEY] = [user.pk, version, enabled]
    return enabled


def authenticators_changed(user_id: int) -> None:
    """An authenticator was added or removed: every session of the account looks again."""
    User.objects.filter(pk=user_id).update(mfa_version=F("mfa_version") + 1)


def _authenticator_saved(sender, instance: Authenticator, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        authenticators_changed(instance.user_id)


def _authenticator_deleted(sender, instance: Authenticator, **kwargs) -> None:
    authenticators_changed(instance.user_id)


def _logged_in(sender, request, user, **kwargs) -> None:
    # Staff and board pages need the answer on every request; looking it up as they sign in saves the first.
    if user.role != Role.RESIDENT and hasattr(request, "session"):
        remember_mfa(user, request.session)


def connect_signals() -> None:
    """Called once from the app's ready()."""
    from django.contrib.auth.signals import user_logged_in
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_authenticator_saved, sender=Authenticator, dispatch_uid="residents-mfa-added")
    post_delete.connect(_authenticator_deleted, sender=Authenticator, dispatch_uid="residents-mfa-removed")
    user_logged_in.connect(_logged_in, dispatch_uid="residents-mfa-on-login")


def linked_resident_or_none(request) -> Resident | None:
    """The signed-in resident's register entry; None (with a message saying why) when the account is not
    linked yet, for views that then send the resident to the link page. Shared by every app's resident pages."""
    resident = Resident.objects.with_home().filter(user=request.user).first()
    if resident is None:
        messages.info(request, "First link your account to your home.")
    return resident


def can_use_admin_site(user, session=None) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.ADMIN and not needs_mfa(user, session)


def role_required(predicate):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            if needs_mfa(request.user, getattr(request, "session", None)):
                messages.info(
                    request,
                    "Staff and board members must set up two-factor authentication before using these pages.",
                )
                return redirect("mfa_activate_totp")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


resident_required = role_required(is_resident)
staff_required = role_required(is_staff)
board_required = role_required(is_board)
# Aggregate reports both read: staff run them, the Board scrutinises them.
staff_or_board_required = role_required(lambda user: is_staff(user) or is_board(user))
# Pages residents use and staff run (a booking, a fund application, a panel's work): which object each may see is
# the view's get_<thing>_for_user to say.
resident_or_staff_required = role_required(lambda user: is_resident(user) or is_staff(user))
# Pages residents and board members both take part in (walkabouts, meetings a board member is invited to).
resident_or_board_required = role_required(lambda user: is_resident(user) or is_board(user))
# Any signed-in role, with the two-factor check staff and board members need.
signed_in_required = role_required(lambda user: user.is_authenticated)


def get_register_import_for_user(request, pk: int) -> RegisterImport:
    """A register import, for staff (the view is staff_required): 404 when there is no such import. Its file
    is left unread: pages show the stored preview and outcome."""
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(
        RegisterImport.objects.defer("content").select_related("uploaded_by", "confirmed_by", "undone_by"), pk=pk
    )
