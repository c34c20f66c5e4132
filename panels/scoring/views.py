"""Option scoring pages: a panel's rounds, a round (set-up for staff, scoring for members, results), scoring one
option, declaring a conflict, and closing with the outcome. Access goes through permissions.py first."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.permissions import resident_or_staff_required, staff_required

from ..scrutiny.permissions import get_panel_for_user
from . import selectors, services
from .forms import CloseForm, ConflictForm, CriterionForm, OptionForm, RoundForm, ScoreForm
from .models import ConflictDeclaration, RoundStatus, Score, ScoringRound
from .permissions import (
    can_score,
    can_see_all_scores,
    can_set_up,
    get_option_for_member,
    get_round_for_staff,
    get_round_for_user,
)


@require_GET
@resident_or_staff_required
def round_list(request, slug: str):
    panel, member = get_panel_for_user(request, slug)
    rounds = ScoringRound.objects.filter(panel=panel).select_related("chosen")
    return render(request, "panels/scoring/round_list.html", {"panel": panel, "member": member, "rounds": rounds})


@require_http_methods(["GET", "POST"])
@staff_required
def round_create(request, slug: str):
    panel, _ = get_panel_for_user(request, slug)
    form = RoundForm(request.POST or None)
    if form.is_valid():
        scoring_round = services.create_round(panel=panel, actor=request.user, **form.cleaned_data)
        messages.success(request, "Round created. Add its criteria and options, then open it for scoring.")
        return redirect("panels:round_detail", pk=scoring_round.pk)
    return render(request, "panels/scoring/round_form.html", {"panel": panel, "form": form})


def _render_round(request, scoring_round, member, *, criterion_form=None, option_form=None, close_form=None):
    context = {
        "round": scoring_round,
        "panel": scoring_round.panel,
        "member": member,
        "can_set_up": can_set_up(request.user, scoring_round),
        "can_score": can_score(member, scoring_round),
        "sees_results": can_see_all_scores(request.user, scoring_round),
        "criterion_form": criterion_form or CriterionForm(prefix="criterion"),
        "option_form": option_form or OptionForm(prefix="option"),
        "close_form": close_form or CloseForm(scoring_round=scoring_round),
    }
    if context["can_set_up"]:
        context["opening_problems"] = services.opening_problems(scoring_round)
    if context["sees_results"]:
        context.update(selectors.round_results(scoring_round))
    else:
        context["criteria"] = list(scoring_round.criteria.all())
    if member:
        context.update(selectors.member_view(scoring_round, request.user))
    elif not context["sees_results"]:
        context["options"] = list(scoring_round.options.all())
    return render(request, "panels/scoring/round_detail.html", context)


@require_GET
@resident_or_staff_required
def round_detail(request, pk: int):
    scoring_round, member = get_round_for_user(request, pk)
    return _render_round(request, scoring_round, member)


def _set_up(request, pk, form_class, add, form_name):
    scoring_round = get_round_for_staff(request, pk)
    form = form_class(request.POST, prefix=form_name.removesuffix("_form"))
    if form.is_valid():
        try:
            add(scoring_round=scoring_round, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Added.")
            return redirect("panels:round_detail", pk=pk)
    return _render_round(request, scoring_round, False, **{form_name: form})


@require_POST
@staff_required
def criterion_create(request, pk: int):
    return _set_up(request, pk, CriterionForm, services.add_criterion, "criterion_form")


@require_POST
@staff_required
def option_create(request, pk: int):
    return _set_up(request, pk, OptionForm, services.add_option, "option_form")


@require_POST
@staff_required
def round_open(request, pk: int):
    scoring_round = get_round_for_staff(request, pk)
    try:
        services.open_round(scoring_round=scoring_round)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Scoring is open. Members can now score each option.")
    return redirect("panels:round_detail", pk=pk)


@require_POST
@staff_required
def round_close(request, pk: int):
    scoring_round = get_round_for_staff(request, pk)
    form = CloseForm(request.POST, scoring_round=scoring_round)
    if form.is_valid():
        try:
            services.close_round(
                scoring_round=scoring_round,
                chosen=form.cleaned_data["chosen"],
                reasons=form.cleaned_data["outcome_reasons"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The round is closed and its outcome recorded. Members can now see all scores.")
            return redirect("panels:round_detail", pk=pk)
    return _render_round(request, scoring_round, False, close_form=form)


def _render_option(request, option, *, score_form=None, conflict_form=None):
    scoring_round = option.round
    criteria = list(scoring_round.criteria.all())
    conflict = ConflictDeclaration.objects.filter(option=option, resident__user=request.user).first()
    if score_form is None:
        mine = {s.criterion_id: s for s in Score.objects.filter(option=option, resident__user=request.user)}
        initial = {f"criterion_{pk}": score.value for pk, score in mine.items()}
        if mine:
            initial["comment"] = next(iter(mine.values())).comment
        score_form = ScoreForm(criteria=criteria, max_score=scoring_round.max_score, initial=initial)
    return render(
        request,
        "panels/scoring/option_score.html",
        {
            "option": option,
            "round": scoring_round,
            "conflict": conflict,
            "is_open": scoring_round.status == RoundStatus.OPEN,
            "score_form": score_form,
            "conflict_form": conflict_form or ConflictForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@resident_or_staff_required
def option_score(request, pk: int):
    option = get_option_for_member(request, pk)
    if request.method == "GET":
        return _render_option(request, option)
    form = ScoreForm(request.POST, criteria=list(option.round.criteria.all()), max_score=option.round.max_score)
    if form.is_valid():
        try:
            services.submit_scores(
                option=option, user=request.user, values=form.values(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Your scores for {option.name} are saved. You can change them until scoring closes."
            )
            return redirect("panels:round_detail", pk=option.round_id)
    return _render_option(request, option, score_form=form)


@require_POST
@resident_or_staff_required
def option_conflict(request, pk: int):
    option = get_option_for_member(request, pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.declare_conflict(option=option, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Conflict of interest recorded. You will not score {option.name}.")
            return redirect("panels:round_detail", pk=option.round_id)
    return _render_option(request, option, conflict_form=form)
