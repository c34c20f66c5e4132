"""Scrutiny pages: a panel's topic vote and reviews, a review with its evidence and recommendations, the staff
tracker of recommendations, and the panels' reports to the Board. Access goes through permissions.py first."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.permissions import board_required, resident_or_staff_required, staff_or_board_required, staff_required

from . import selectors, services
from .forms import (
    BallotForm,
    BoardReportForm,
    BoardResponseForm,
    EvidenceForm,
    FindingForm,
    ProgressForm,
    RecommendationForm,
    ResponseForm,
    ReviewForm,
    StageForm,
    TopicForm,
)
from .models import STAGE_ORDER, BoardReport, ReviewStage
from .permissions import (
    board_report_reader_required,
    can_add_evidence,
    can_answer_board_report,
    can_draft_update,
    can_propose_topic,
    can_respond,
    can_submit_board_report,
    can_update_progress,
    can_write_findings,
    get_board_report_for_board,
    get_board_report_for_user,
    get_evidence_for_user,
    get_panel_for_user,
    get_recommendation_for_staff,
    get_recommendation_for_user,
    get_review_for_staff,
    get_review_for_user,
    get_topic_for_member,
    get_topic_for_staff,
)

PAGE_SIZE = 25


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Topics and voting -------------------------------------------------------------------------------------------


@require_GET
@resident_or_staff_required
def scrutiny_home(request, slug: str):
    panel, member = get_panel_for_user(request, slug)
    context = selectors.scrutiny_home(panel=panel, user=request.user, today=timezone.localdate())
    return render(
        request,
        "panels/scrutiny/home.html",
        {
            **context,
            "panel": panel,
            "member": member,
            "can_report": can_submit_board_report(request.user, panel),
        },
    )


@require_http_methods(["GET", "POST"])
@resident_or_staff_required
def topic_create(request, slug: str):
    panel, member = get_panel_for_user(request, slug)
    if not can_propose_topic(request.user, panel):
        raise PermissionDenied
    form = TopicForm(request.POST or None)
    if form.is_valid():
        services.propose_topic(panel=panel, actor=request.user, **form.cleaned_data)
        messages.success(request, "Topic proposed. Members can vote for it while voting is open.")
        return redirect("panels:scrutiny_home", slug=panel.slug)
    return render(request, "panels/scrutiny/topic_form.html", {"panel": panel, "form": form})


@require_http_methods(["GET", "POST"])
@staff_required
def ballot_open(request, slug: str):
    panel, _ = get_panel_for_user(request, slug)
    form = BallotForm(request.POST or None)
    if form.is_valid():
        try:
            services.open_ballot(
                panel=panel,
                votes_per_member=form.cleaned_data["votes_per_member"],
                closes_at=form.closes_at,
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Voting is open. Members can now vote for topics.")
            return redirect("panels:scrutiny_home", slug=panel.slug)
    return render(request, "panels/scrutiny/ballot_form.html", {"panel": panel, "form": form})


@require_POST
@staff_required
def ballot_close(request, slug: str):
    panel, _ = get_panel_for_user(request, slug)
    ballot = services.current_ballot(panel)
    if ballot is None or not ballot.is_open():
        messages.info(request, "Voting was already closed.")
    else:
        services.close_ballot(ballot=ballot)
        messages.success(request, "Voting is closed. The ranking below is final.")
    return redirect("panels:scrutiny_home", slug=panel.slug)


@require_POST
@resident_or_staff_required
def topic_vote(request, pk: int):
    topic, member = get_topic_for_member(request, pk)
    if not member:
        raise PermissionDenied  # staff see the ranking; only members vote
    vote = request.POST.get("vote") == "1"
    try:
        services.cast_vote(topic=topic, user=request.user, vote=vote)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, f"Vote {'given to' if vote else 'taken back from'} \u201c{topic.title}\u201d.")
    return redirect("panels:scrutiny_home", slug=topic.panel.slug)


@require_POST
@staff_required
def review_start(request, pk: int):
    topic = get_topic_for_staff(request, pk)
    try:
        review = services.start_review(panel=topic.panel, title=topic.title, topic=topic, actor=request.user)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect("panels:scrutiny_home", slug=topic.panel.slug)
    messages.success(request, "Review started, at scoping. Write its scope next.")
    return redirect("panels:review_detail", pk=review.pk)


# Reviews -------------------------------------------------------------------------------------------------------


def _render_review(request, review, member, **forms):
    is_staff_user = not member
    stage_index = STAGE_ORDER.index(review.stage)
    context = {
        "review": review,
        "panel": review.panel,
        "member": member,
        "stages": ReviewStage.choices,
        "stage_index": stage_index,
        "next_stage": ReviewStage(STAGE_ORDER[stage_index + 1]) if stage_index + 1 < len(STAGE_ORDER) else None,
        "previous_stage": ReviewStage(STAGE_ORDER[stage_index - 1]) if stage_index > 0 else None,
        "can_manage": is_staff_user,
        "can_add_evidence": can_add_evidence(request.user, review, member=member),
        "can_write": can_write_findings(request.user, review),
        "today": timezone.localdate(),
        "finding_form": forms.get("finding_form") or FindingForm(prefix="finding"),
        "recommendation_form": forms.get("recommendation_form") or RecommendationForm(prefix="recommendation"),
        **selectors.review_page(review=review),
    }
    return render(request, "panels/scrutiny/review_detail.html", context)


@require_GET
@resident_or_staff_required
def review_detail(request, pk: int):
    review, member = get_review_for_user(request, pk)
    return _render_review(request, review, member)


@require_http_methods(["GET", "POST"])
@staff_required
def review_edit(request, pk: int):
    review = get_review_for_staff(request, pk)
    form = ReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        services.update_scope(review=review, title=form.cleaned_data["title"], scope=form.cleaned_data["scope"])
        messages.success(request, "Scope saved.")
        return redirect("panels:review_detail", pk=review.pk)
    return render(request, "panels/scrutiny/review_form.html", {"review": review, "form": form})


@require_POST
@staff_required
def review_stage(request, pk: int):
    review = get_review_for_staff(request, pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the stage to move to.")
    else:
        try:
            review = services.move_review(review=review, to_stage=form.cleaned_data["to_stage"], actor=request.user)
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, f"The review is now at: {review.get_stage_display()}.")
    return redirect("panels:review_detail", pk=review.pk)


@require_http_methods(["GET", "POST"])
@resident_or_staff_required
def evidence_create(request, pk: int):
    review, member = get_review_for_user(request, pk)
    if not can_add_evidence(request.user, review, member=member):
        raise PermissionDenied
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_evidence(review=review, actor=request.user, **form.cleaned_data)
        messages.success(request, "Evidence added to the log.")
        return redirect("panels:review_detail", pk=review.pk)
    return render(request, "panels/scrutiny/evidence_form.html", {"review": review, "form": form})


@require_GET
@resident_or_staff_required
def evidence_document(request, pk: int):
    evidence = get_evidence_for_user(request, pk)
    if not evidence.document:
        raise Http404
    try:
        file = evidence.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file, content_type=evidence.document_content_type, filename=f"evidence-{evidence.pk}.{evidence.extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=3600)
    return response


@require_POST
@staff_required
def finding_create(request, pk: int):
    review = get_review_for_staff(request, pk)
    if not can_write_findings(request.user, review):
        messages.error(request, "Findings are recorded while gathering evidence and reporting.")
        return redirect("panels:review_detail", pk=review.pk)
    form = FindingForm(request.POST, prefix="finding")
    if form.is_valid():
        services.add_finding(review=review, text=form.cleaned_data["text"], actor=request.user)
        messages.success(request, "Finding added.")
        return redirect("panels:review_detail", pk=review.pk)
    return _render_review(request, review, False, finding_form=form)


@require_POST
@staff_required
def recommendation_create(request, pk: int):
    review = get_review_for_staff(request, pk)
    form = RecommendationForm(request.POST, prefix="recommendation")
    if form.is_valid():
        try:
            services.add_recommendation(review=review, text=form.cleaned_data["text"])
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, "Recommendation added.")
        return redirect("panels:review_detail", pk=review.pk)
    return _render_review(request, review, False, recommendation_form=form)


# Recommendations ------------------------------------------------------------------------------------------------


SHOW = {"progress": "In progress", "awaiting": "Awaiting a response", "done": "Done"}


@require_GET
@staff_required
def recommendation_list(request):
    show = request.GET.get("show") if request.GET.get("show") in SHOW else "progress"
    page = Paginator(selectors.tracked_recommendations(show=show), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "panels/scrutiny/recommendation_list.html",
        {
            "page": page,
            "show": show,
            "tabs": SHOW,
            "today": timezone.localdate(),
            "query": f"show={show}",
            "label": "Pages of recommendations",
        },
    )


def _render_recommendation(request, recommendation, member, *, response_form=None, progress_form=None):
    return render(
        request,
        "panels/scrutiny/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "review": recommendation.review,
            "member": member,
            "today": timezone.localdate(),
            "can_respond": can_respond(request.user, recommendation),
            "can_update": can_update_progress(request.user, recommendation),
            "can_draft": can_draft_update(request.user, recommendation),
            "response_form": response_form
            or ResponseForm(
                initial={
                    "response": recommendation.response if recommendation.responded_at else None,
                    "reasons": recommendation.response_reasons,
                    "owner": recommendation.owner_id,
                    "due_on": recommendation.due_on,
                }
            ),
            "progress_form": progress_form or ProgressForm(),
            **selectors.recommendation_page(recommendation=recommendation),
        },
    )


@require_GET
@resident_or_staff_required
def recommendation_detail(request, pk: int):
    recommendation, member = get_recommendation_for_user(request, pk)
    return _render_recommendation(request, recommendation, member)


@require_POST
@staff_required
def recommendation_respond(request, pk: int):
    recommendation = get_recommendation_for_staff(request, pk)
    if not can_respond(request.user, recommendation):
        messages.error(request, "Management responds once the report has gone to them, until the review closes.")
        return redirect("panels:recommendation_detail", pk=pk)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.respond_to_recommendation(
                recommendation=recommendation,
                response=form.cleaned_data["response"],
                reasons=form.cleaned_data["reasons"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Management response recorded.")
            return redirect("panels:recommendation_detail", pk=pk)
    return _render_recommendation(request, recommendation, False, response_form=form)


@require_POST
@staff_required
def recommendation_progress(request, pk: int):
    recommendation = get_recommendation_for_staff(request, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.add_progress(
                recommendation=recommendation,
                text=form.cleaned_data["text"],
                done=form.cleaned_data["done"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Marked as done." if form.cleaned_data["done"] else "Progress recorded.")
            return redirect("panels:recommendation_detail", pk=pk)
    return _render_recommendation(request, recommendation, False, progress_form=form)


@require_POST
@staff_required
def recommendation_update_draft(request, pk: int):
    """Start a "You said, we did" entry citing this done recommendation, and go on to write it."""
    recommendation = get_recommendation_for_staff(request, pk)
    try:
        entry = services.draft_you_said_we_did(recommendation=recommendation, actor=request.user)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect("panels:recommendation_detail", pk=pk)
    messages.success(
        request, "Draft started, citing this recommendation. Check what we did, choose who it is for, then save."
    )
    return redirect("residents:update_edit", pk=entry.pk)


# Reports to the Board -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@resident_or_staff_required
def board_report_create(request, slug: str):
    panel, _ = get_panel_for_user(request, slug)
    if not can_submit_board_report(request.user, panel):
        raise PermissionDenied
    form = BoardReportForm(request.POST or None)
    if form.is_valid():
        report = services.submit_board_report(panel=panel, actor=request.user, **form.cleaned_data)
        messages.success(request, "Report sent to the Board. Members will be told when the Board responds.")
        return redirect("panels:board_report_detail", pk=report.pk)
    return render(request, "panels/scrutiny/board_report_form.html", {"panel": panel, "form": form})


@require_GET
@staff_or_board_required
def board_report_list(request):
    reports = BoardReport.objects.select_related("panel").defer("summary", "asks", "response", "decisions")
    page = Paginator(reports.order_by("responded_at", "-submitted_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "panels/scrutiny/board_report_list.html", {"page": page, "label": "Pages of reports"})


def _render_board_report(request, report, form=None):
    return render(
        request,
        "panels/scrutiny/board_report_detail.html",
        {
            "report": report,
            "can_answer": can_answer_board_report(request.user, report),
            "form": form or BoardResponseForm(),
        },
    )


@require_GET
@board_report_reader_required
def board_report_detail(request, pk: int):
    return _render_board_report(request, get_board_report_for_user(request, pk))


@require_POST
@board_required
def board_report_respond(request, pk: int):
    report = get_board_report_for_board(request, pk)
    if not can_answer_board_report(request.user, report):
        messages.info(request, "The Board has already responded to this report.")
        return redirect("panels:board_report_detail", pk=pk)
    form = BoardResponseForm(request.POST)
    if form.is_valid():
        try:
            services.answer_board_report(report=report, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The Board's response is recorded, and the panel's members are being told.")
            return redirect("panels:board_report_detail", pk=pk)
    return _render_board_report(request, report, form)
