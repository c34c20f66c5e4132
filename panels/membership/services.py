"""Applying to a panel and what happens to an application and a membership after it.

Each change of state is a conditional UPDATE on the row's current status, so two members of staff deciding the same
application at once (or a resident withdrawing as staff accept) cannot both win: the second is told what happened.
The database holds the rest (one live application or membership per resident and panel, one chair and one
vice-chair per panel, a reason for every decline): a change that breaks one of them is refused with a message, and
nothing is saved. Emails are queued in the outbox in the same transaction.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from residents.models import Resident
from residents.outbox.services import queue_email

from ..models import OFFICER_ROLES, Membership, MembershipStatus, Panel

ALREADY_DECIDED = "Someone has already dealt with this application: here it is as it stands now."
NO_LONGER_MEMBER = "This person is no longer a member: here is their membership as it stands now."


def contact_email(resident: Resident) -> str:
    """Where to write to a resident: their account's email, else the register's."""
    if resident.user_id and resident.user.email:
        return resident.user.email
    return resident.email


def _my_panels_link() -> str:
    return f"{settings.SITE_URL}{reverse('panels:my_panels')}"


def _day(day: datetime.date | None) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else ""


def _officer_taken(panel: Panel, role: str, *, besides: int) -> str:
    """A message naming who holds this officer role on the panel already, or "" when nobody else does."""
    if role not in OFFICER_ROLES:
        return ""
    holder = (
        Membership.objects.filter(panel=panel, role=role, status=MembershipStatus.MEMBER)
        .exclude(pk=besides)
        .select_related("resident")
        .first()
    )
    if holder is None:
        return ""
    return (
        f"{holder.resident.full_name} is {holder.get_role_display().lower()} of this panel already. Change their role "
        "or end their term first."
    )


@transaction.atomic
def apply_to_panel(
    *, resident: Resident, panel: Panel, why: str, availability: str, support_needs: str, show_on_public_page: bool
) -> Membership:
    """A resident's application. Refused when they already have an application or membership of this panel still
    going, or the panel is not taking applications."""
    if not (panel.is_active and panel.accepting_applications):
        raise ValidationError("This panel is not taking applications at the moment.")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                panel=panel,
                resident=resident,
                status=MembershipStatus.APPLIED,
                why=why,
                availability=availability,
                support_needs=support_needs,
                show_on_public_page=show_on_public_page,
            )
    except IntegrityError:
        raise ValidationError("You have already applied to this panel or are a member of it.") from None
    queue_email(
        template="panel_application_received",
        key=f"panel-received:{membership.pk}",
        to=contact_email(resident),
        context={"resident": resident, "panel": panel, "link": _my_panels_link()},
    )
    return membership


def set_public_name(*, membership: Membership, show: bool) -> Membership:
    """Whether the resident's first name and role appear on the panel's public page: theirs to change any time."""
    Membership.objects.filter(pk=membership.pk).update(show_on_public_page=show)
    membership.show_on_public_page = show
    return membership


@transaction.atomic
def withdraw_application(*, membership: Membership) -> Membership:
    changed = Membership.objects.filter(pk=membership.pk, status=MembershipStatus.APPLIED).update(
        status=MembershipStatus.WITHDRAWN, ended_at=timezone.now()
    )
    if not changed:
        raise ValidationError("Your application has already been decided, so it cannot be withdrawn.")
    membership.refresh_from_db()
    return membership


@transaction.atomic
def accept_application(
    *,
    membership: Membership,
    by,
    role: str,
    term_starts: datetime.date,
    term_ends: datetime.date | None,
) -> Membership:
    """Make an applicant a member with a role and a term, and tell them by email."""
    taken = _officer_taken(membership.panel, role, besides=membership.pk)
    if taken:
        raise ValidationError({"role": taken})
    try:
        with transaction.atomic():
            changed = Membership.objects.filter(pk=membership.pk, status=MembershipStatus.APPLIED).update(
                status=MembershipStatus.MEMBER,
                role=role,
                term_starts=term_starts,
                term_ends=term_ends,
                decided_at=timezone.now(),
                decided_by=by,
                reason="",
            )
    except IntegrityError:  # someone made another member chair in the meantime
        raise ValidationError({"role": _officer_taken(membership.panel, role, besides=membership.pk)}) from None
    if not changed:
        raise ValidationError(ALREADY_DECIDED)
    membership.refresh_from_db()
    queue_email(
        template="panel_application_accepted",
        key=f"panel-accepted:{membership.pk}",
        to=contact_email(membership.resident),
        context={
            "resident": membership.resident,
            "panel": membership.panel,
            "membership": membership,
            "term_starts": _day(membership.term_starts),
            "term_ends": _day(membership.term_ends),
            "link": _my_panels_link(),
        },
    )
    return membership


@transaction.atomic
def decline_application(*, membership: Membership, by, reason: str) -> Membership:
    """Decline an application with the reason the resident sees, and tell them by email."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the resident will see."})
    changed = Membership.objects.filter(pk=membership.pk, status=MembershipStatus.APPLIED).update(
        status=MembershipStatus.DECLINED, reason=reason.strip(), decided_at=timezone.now(), decided_by=by
    )
    if not changed:
        raise ValidationError(ALREADY_DECIDED)
    membership.refresh_from_db()
    queue_email(
        template="panel_application_declined",
        key=f"panel-declined:{membership.pk}",
        to=contact_email(membership.resident),
        context={
            "resident": membership.resident,
            "panel": membership.panel,
            "reason": membership.reason,
            "link": _my_panels_link(),
        },
    )
    return membership


@transaction.atomic
def change_membership(
    *, membership: Membership, role: str, term_starts: datetime.date, term_ends: datetime.date | None
) -> Membership:
    """A member's new role or term."""
    taken = _officer_taken(membership.panel, role, besides=membership.pk)
    if taken:
        raise ValidationError({"role": taken})
    try:
        with transaction.atomic():
            changed = Membership.objects.filter(pk=membership.pk, status=MembershipStatus.MEMBER).update(
                role=role, term_starts=term_starts, term_ends=term_ends
            )
    except IntegrityError:
        raise ValidationError({"role": _officer_taken(membership.panel, role, besides=membership.pk)}) from None
    if not changed:
        raise ValidationError(NO_LONGER_MEMBER)
    membership.refresh_from_db()
    return membership


def _finish(membership: Membership, *, status: str, reason: str, on: datetime.date) -> Membership:
    """End a membership on a day: its term ends then (or earlier, if it was due to). The role it held stays on
    the row as history; only members hold one (the database's rule), so another member can take it now."""
    term_ends = min(filter(None, [membership.term_ends, on]))
    term_ends = max(term_ends, membership.term_starts)  # a term that had not started yet ends as it starts
    changed = Membership.objects.filter(pk=membership.pk, status=MembershipStatus.MEMBER).update(
        status=status, reason=reason.strip(), term_ends=term_ends, ended_at=timezone.now()
    )
    if not changed:
        raise ValidationError(NO_LONGER_MEMBER)
    membership.refresh_from_db()
    return membership


@transaction.atomic
def step_down(*, membership: Membership, reason: str = "") -> Membership:
    """A member leaves the panel today, with a reason if they want to give one."""
    return _finish(membership, status=MembershipStatus.STEPPED_DOWN, reason=reason, on=timezone.localdate())


@transaction.atomic
def end_term(*, membership: Membership, reason: str = "") -> Membership:
    """Staff end a member's term today (at the end of it, or early), and thank them by email."""
    membership = _finish(membership, status=MembershipStatus.ENDED, reason=reason, on=timezone.localdate())
    queue_email(
        template="panel_term_ended",
        key=f"panel-ended:{membership.pk}",
        to=contact_email(membership.resident),
        context={
            "resident": membership.resident,
            "panel": membership.panel,
            "reason": membership.reason,
            "term_ends": _day(membership.term_ends),
            "link": _my_panels_link(),
        },
    )
    return membership
