"""Pages of panel membership.

Public (login_not_required, on purpose: residents should know what a panel does before signing in): the list of
panels and each panel's page. Residents: applying, My panels, withdrawing and stepping down. Staff: the panels,
adding and editing one, its members and applications, one membership with its decisions, the terms ending soon and
the panel's make-up against the register.

Views check access, run a form, call one service and go back with a message. When a service refuses, its message
is shown beside the form it came from, and what was typed is kept.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.permissions import is_resident, linked_resident_or_none, resident_required, staff_required

from .. import permissions
from ..models import LIVE_STATUSES, Membership, MembershipStatus, Panel, current_q
from . import selectors, services
from .forms import AcceptForm, ApplicationForm, ChangeForm, DeclineForm, EndTermForm, PanelForm, StepDownForm

TERMS_ENDING_DAYS = 60
PAGE_SIZE = 50


def _refused(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: at its field when it names one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# Public ------------------------------------------------------------------------------------------------------


@login_not_required
@require_GET
def panel_list(request):
    panels = Panel.objects.listed().only("name", "slug", "summary", "accepting_applications")
    return render(request, "panels/membership/panel_list.html", {"panels": panels})


@login_not_required
@require_GET
def panel_detail(request, slug: str):
    panel = permissions.get_panel_for_user(request, slug)
    mine = None
    if is_resident(request.user):
        mine = Membership.objects.of_user(request.user).filter(panel=panel, status__in=LIVE_STATUSES).first()
    return render(
        request,
        "panels/membership/panel_detail.html",
        {
            "panel": panel,
            "members": selectors.public_members(panel),
            "mine": mine,
            "can_apply": permissions.can_apply(request.user, panel, mine),
            "is_resident": is_resident(request.user),
        },
    )


# Residents ----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@resident_required
def apply(request, slug: str):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    panel = permissions.get_panel_for_user(request, slug)
    live = Membership.objects.filter(panel=panel, resident=resident, status__in=LIVE_STATUSES).first()
    if live is not None:
        messages.info(request, f"You have already applied to the {panel.name}. Here is where it has got to.")
        return redirect("panels:my_panels")
    if not permissions.can_apply(request.user, panel, live):
        messages.info(request, f"The {panel.name} is not taking applications at the moment.")
        return redirect("panels:panel_detail", slug=panel.slug)
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_to_panel(resident=resident, panel=panel, **form.cleaned_data)
        except ValidationError as error:
            _refused(form, error)
        else:
            request.session[permissions.HAS_PANELS_SESSION_KEY] = [request.user.pk, True]
            messages.success(
                request, f"Thank you: we have your application to the {panel.name}. We will be in touch soon."
            )
            return redirect("panels:my_panels")
    return render(request, "panels/membership/apply.html", {"panel": panel, "form": form})


@require_GET
@resident_required
def my_panels(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    memberships = list(
        Membership.objects.filter(resident=resident).select_related("panel").order_by("-applied_at", "-pk")
    )
    live = [m for m in memberships if m.status in LIVE_STATUSES]
    past = [m for m in memberships if m.status not in LIVE_STATUSES]
    return render(request, "panels/membership/my_panels.html", {"live": live, "past": past})


@require_POST
@resident_required
def withdraw(request, pk: int):
    membership = permissions.get_membership_for_user(request, pk)
    if not permissions.can_withdraw(request.user, membership):
        messages.error(request, "This application has already been decided, so it cannot be withdrawn.")
        return redirect("panels:my_panels")
    try:
        services.withdraw_application(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You have withdrawn your application to the {membership.panel.name}.")
    return redirect("panels:my_panels")


@require_POST
@resident_required
def public_name(request, pk: int):
    """The resident names themselves on the panel's public page, or stops: any time, whatever the status."""
    membership = permissions.get_membership_for_user(request, pk)
    show = request.POST.get("show_on_public_page") == "on"
    services.set_public_name(membership=membership, show=show)
    if show:
        messages.success(request, f"Your first name and role are shown on the {membership.panel.name} page.")
    else:
        messages.success(request, f"Your name is not shown on the {membership.panel.name} page.")
    return redirect("panels:my_panels")


@require_http_methods(["GET", "POST"])
@resident_required
def step_down(request, pk: int):
    membership = permissions.get_membership_for_user(request, pk)
    if not permissions.can_step_down(request.user, membership):
        messages.error(request, "You are not a member of this panel now.")
        return redirect("panels:my_panels")
    form = StepDownForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_down(membership=membership, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(
                request, f"You have stepped down from the {membership.panel.name}. Thank you for your time."
            )
            return redirect("panels:my_panels")
    return render(request, "panels/membership/step_down.html", {"membership": membership, "form": form})


# Staff --------------------------------------------------------------------------------------------------------


@require_GET
@staff_required
def staff_panel_list(request):
    today = timezone.localdate()
    current = current_q(today, "memberships__")
    ending = Q(
        memberships__status=MembershipStatus.MEMBER,
        memberships__term_ends__lte=today + datetime.timedelta(days=TERMS_ENDING_DAYS),
    )
    panels = Panel.objects.annotate(
        members=Count("memberships", filter=current),
        waiting=Count("memberships", filter=Q(memberships__status=MembershipStatus.APPLIED)),
        ending=Count("memberships", filter=ending),
    ).order_by("-is_active", "name")
    return render(request, "panels/membership/staff_panel_list.html", {"panels": panels, "days": TERMS_ENDING_DAYS})


@require_http_methods(["GET", "POST"])
@staff_required
def panel_create(request):
    form = PanelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        panel = form.save()
        messages.success(request, f"The {panel.name} has been added.")
        return redirect("panels:staff_panel", slug=panel.slug)
    return render(request, "panels/membership/panel_form.html", {"form": form, "panel": None})


@require_http_methods(["GET", "POST"])
@staff_required
def panel_edit(request, slug: str):
    panel = permissions.get_panel_for_staff(request, slug)
    form = PanelForm(request.POST if request.method == "POST" else None, instance=panel)
    if request.method == "POST" and form.is_valid():
        panel = form.save()
        messages.success(request, f"The {panel.name} has been saved.")
        return redirect("panels:staff_panel", slug=panel.slug)
    return render(request, "panels/membership/panel_form.html", {"form": form, "panel": panel})


STAFF_TABS = {
    # Everyone accepted and not yet ended, including a term not started yet or over and waiting for staff.
    "members": (
        "Members",
        lambda qs: qs.filter(status=MembershipStatus.MEMBER).order_by(
            "resident__last_name", "resident__first_name", "pk"
        ),
    ),
    "applications": ("Applications waiting", lambda qs: qs.applications().order_by("applied_at", "pk")),
    "past": (
        "Past applications and members",
        lambda qs: qs.exclude(status__in=LIVE_STATUSES).order_by("-applied_at", "-pk"),
    ),
}


@require_GET
@staff_required
def staff_panel(request, slug: str):
    panel = permissions.get_panel_for_staff(request, slug)
    tab = request.GET.get("show") if request.GET.get("show") in STAFF_TABS else "members"
    rows = STAFF_TABS[tab][1](
        Membership.objects.filter(panel=panel).select_related("resident__home__block__neighbourhood")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    counts = Membership.objects.filter(panel=panel).aggregate(
        members=Count("pk", filter=current_q(today)),
        applications=Count("pk", filter=Q(status=MembershipStatus.APPLIED)),
    )
    return render(
        request,
        "panels/membership/staff_panel.html",
        {
            "panel": panel,
            "tab": tab,
            "tab_label": STAFF_TABS[tab][0],
            "tabs": [(key, label) for key, (label, _rows) in STAFF_TABS.items()],
            "page": page,
            "query": f"show={tab}",
            "counts": counts,
            "today": today,
        },
    )


def _membership_page(request, membership: Membership, failed=None, status: int = 200):
    forms = {
        form.key: form for form in [AcceptForm(initial=AcceptForm.initial_for_today()), DeclineForm(), EndTermForm()]
    }
    forms["change"] = ChangeForm(
        initial={"role": membership.role, "term_starts": membership.term_starts, "term_ends": membership.term_ends}
    )
    if failed is not None:
        forms[failed.key] = failed
    return render(
        request,
        "panels/membership/membership_detail.html",
        {
            "membership": membership,
            "panel": membership.panel,
            "resident": membership.resident,
            "forms": forms,
            "failed": failed,
            "can_decide": permissions.can_decide(request.user, membership),
            "can_change": permissions.can_change_membership(request.user, membership),
        },
        status=status,
    )


@require_GET
@staff_required
def membership_detail(request, slug: str, pk: int):
    return _membership_page(request, permissions.get_membership_for_staff(request, slug, pk))


def _membership_action(request, slug, pk, form_class, allowed, act, done: str):
    membership = permissions.get_membership_for_staff(request, slug, pk)
    if not allowed(request.user, membership):
        messages.error(request, "That cannot be done to this application or membership as it stands now.")
        return redirect("panels:membership_detail", slug=slug, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(membership, form)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, done.format(name=membership.resident.full_name, panel=membership.panel.name))
            return redirect("panels:membership_detail", slug=slug, pk=pk)
    return _membership_page(request, membership, failed=form)


@require_POST
@staff_required
def membership_accept(request, slug: str, pk: int):
    return _membership_action(
        request,
        slug,
        pk,
        AcceptForm,
        permissions.can_decide,
        lambda m, form: services.accept_application(membership=m, by=request.user, **form.term()),
        "{name} is now a member of the {panel}. We have emailed them.",
    )


@require_POST
@staff_required
def membership_decline(request, slug: str, pk: int):
    return _membership_action(
        request,
        slug,
        pk,
        DeclineForm,
        permissions.can_decide,
        lambda m, form: services.decline_application(membership=m, by=request.user, **form.cleaned_data),
        "The application from {name} has been declined. We have emailed them the reason.",
    )


@require_POST
@staff_required
def membership_change(request, slug: str, pk: int):
    return _membership_action(
        request,
        slug,
        pk,
        ChangeForm,
        permissions.can_change_membership,
        lambda m, form: services.change_membership(membership=m, **form.term()),
        "The role and term of {name} have been saved.",
    )


@require_POST
@staff_required
def membership_end(request, slug: str, pk: int):
    return _membership_action(
        request,
        slug,
        pk,
        EndTermForm,
        permissions.can_change_membership,
        lambda m, form: services.end_term(membership=m, **form.cleaned_data),
        "The term of {name} on the {panel} has ended.",
    )


@require_GET
@staff_required
def terms_ending(request):
    rows = (
        Membership.objects.ending_within(TERMS_ENDING_DAYS)
        .select_related("panel", "resident")
        .order_by("term_ends", "panel__name", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "panels/membership/terms_ending.html",
        {"page": page, "days": TERMS_ENDING_DAYS, "today": timezone.localdate()},
    )


@require_GET
@staff_required
def panel_makeup(request, slug: str):
    panel = permissions.get_panel_for_staff(request, slug)
    return render(request, "panels/membership/makeup.html", {"panel": panel, "makeup": selectors.panel_makeup(panel)})
