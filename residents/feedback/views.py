"""Pages of feedback. For staff: the feedback queue, one item with its complaint stages and hazard clocks, and the
hazards page. For residents: their own feedback and its photos; and staff logging feedback for a resident who
phoned, wrote or visited.

Views check access, run a form, call one service and go back to the item with a message. Every rule (the
deadlines, who may handle stage 2, which clocks start when) is in services.py: when a service refuses, its
message is shown next to the form it came from, and what was typed is kept.
"""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..people.views import get_resident_for_staff
from ..permissions import is_staff, linked_resident_or_none, resident_required, staff_required
from ..updates.models import YouSaidWeDid
from . import services, timescales
from .deadlines import Deadline
from .filters import FeedbackQueueFilter
from .forms import (
    AcknowledgeForm,
    AssignForm,
    ConfirmHazardForm,
    DismissHazardForm,
    EscalateForm,
    ExtendForm,
    FeedbackForm,
    HazardStepForm,
    ItemForm,
    NoteForm,
    ReplyForm,
    RespondForm,
    StaffFeedbackForm,
    StatusForm,
)
from .models import Channel, ComplaintStage, Feedback, FeedbackEvent, FeedbackNote, FeedbackPhoto, FeedbackReply, Hazard
from .selectors import hazards_overview
from .services import HAZARD_STEPS, contact_email, submit_feedback

QUEUE_PAGE_SIZE = 25


@require_GET
@staff_required
def queue(request):
    now = timezone.now()
    filters = FeedbackQueueFilter(request.GET, request=request, now=now)
    page = Paginator(filters.qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "residents/staff_feedback/queue.html",
        {
            "form": filters.form,
            "page": page,
            "rows": [{"item": item, "deadline": Deadline(item.next_due_at, None, now)} for item in page],
            "query": query.urlencode(),
        },
    )


# One item ------------------------------------------------------------------------------------------------

EVENT_TITLES = {
    "received": "Received",
    "assigned": "Assigned",
    "status": "Status changed",
    "complaint": "Complaint",
    "hazard": "Hazard",
}


def get_feedback_for_staff(request, pk: int) -> Feedback:
    """Any item, for staff: no item is hidden from them. One that does not exist is a 404."""
    return get_object_or_404(Feedback.objects.select_related("resident__user"), pk=pk)


def _history(feedback: Feedback) -> list[dict]:
    """Events, replies and notes in time order. Replies and notes carry their own text, so the events that
    say "replied" and "added a note" are not shown again."""
    entries = [
        {"at": e.at, "who": e.actor, "kind": "event", "title": EVENT_TITLES.get(e.action, "Changed"), "text": e.detail}
        for e in feedback.events.all()
        if e.action not in ("reply", "note")
    ]
    entries += [{"at": r.created_at, "who": r.author, "kind": "reply", "text": r.body} for r in feedback.replies.all()]
    entries += [{"at": n.created_at, "who": n.author, "kind": "note", "text": n.body} for n in feedback.notes.all()]
    return sorted(entries, key=lambda entry: entry["at"])


def _item_page(request, pk: int, failed: ItemForm | None = None):
    """The item's page, with empty forms, or with the form that failed showing its errors."""
    now = timezone.now()
    feedback = get_object_or_404(
        Feedback.objects.select_related(
            "resident__user", "home", "block", "neighbourhood", "logged_by", "assignee", "hazard__confirmed_by"
        ).prefetch_related(
            "photos",
            Prefetch("replies", FeedbackReply.objects.select_related("author")),
            Prefetch("notes", FeedbackNote.objects.select_related("author")),
            Prefetch("events", FeedbackEvent.objects.select_related("actor")),
            Prefetch("stages", ComplaintStage.objects.select_related("handler")),
        ),
        pk=pk,
    )
    stages = [
        {
            "stage": stage,
            "acknowledge": Deadline(stage.acknowledge_due, stage.acknowledged_at, now),
            "respond": Deadline(stage.response_due, stage.responded_at, now),
        }
        for stage in feedback.stages.all()
    ]
    hazard = getattr(feedback, "hazard", None)
    clocks = []
    if hazard is not None:
        steps = {key: done_field.removesuffix("_at") for key, _, _, done_field in Hazard.CLOCKS}
        for clock in hazard.clocks(now):
            step = steps[clock["key"]]
            clocks.append(
                {
                    **clock,
                    "deadline": Deadline(clock["due"], clock["done"], now),
                    "step": step,
                    "step_label": HAZARD_STEPS[step],
                }
            )
    history = _history(feedback)
    forms = {
        form.key: form
        for form in [
            AssignForm(initial={"assignee": feedback.assignee_id}),
            StatusForm(initial={"status": feedback.status}),
            ReplyForm(),
            NoteForm(),
            AcknowledgeForm(),
            ExtendForm(),
            RespondForm(),
            EscalateForm(),
            ConfirmHazardForm(),
            DismissHazardForm(),
            HazardStepForm(),
        ]
    }
    if failed is not None:
        forms[failed.key] = failed
    current = stages[-1]["stage"] if stages else None
    extension_left = timescales.COMPLAINT_MAX_EXTENSION_DAYS - current.extension_days if current else 0
    return render(
        request,
        "residents/staff_feedback/item.html",
        {
            "feedback": feedback,
            "resident": feedback.resident,
            "contact_email": services.contact_email(feedback.resident),
            "next_due": Deadline(feedback.next_due_at, None, now),
            "stages": stages,
            "current_stage": current,
            "extension_left": extension_left,
            "hazard": hazard,
            "clocks": clocks,
            "history": history,
            "forms": forms,
            "failed": failed,
        },
    )


@require_GET
@staff_required
def item(request, pk: int):
    return _item_page(request, pk)


def _back(request, feedback: Feedback, message: str):
    messages.success(request, message)
    return redirect("residents:feedback_item", pk=feedback.pk)


def _refused(request, feedback: Feedback, form: ItemForm, error: ValidationError):
    """A service said no: show its message with the form, keeping what was typed."""
    for message in error.messages:
        form.add_error(None, message)
    return _item_page(request, feedback.pk, failed=form)


def _when(moment: datetime, *, time: bool = False) -> str:
    """ "Monday 18 January 2027", with ", 14:30" when the time of day matters."""
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}" + (f", {local:%H:%M}" if time else "")


@require_POST
@staff_required
def assign(request, pk: int):
    feedback = get_feedback_for_staff(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _item_page(request, pk, failed=form)
    assignee = form.cleaned_data["assignee"]
    services.assign_feedback(feedback=feedback, assignee=assignee, actor=request.user)
    return _back(request, feedback, f"Assigned to {assignee}." if assignee else "Nobody is assigned to it now.")


@require_POST
@staff_required
def status(request, pk: int):
    feedback = get_feedback_for_staff(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _item_page(request, pk, failed=form)
    services.set_status(feedback=feedback, status=form.cleaned_data["status"], actor=request.user)
    return _back(request, feedback, f"The status is now: {feedback.get_status_display()}.")


@require_POST
@staff_required
def reply(request, pk: int):
    feedback = get_feedback_for_staff(request, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _item_page(request, pk, failed=form)
    try:
        services.reply_to_resident(feedback=feedback, author=request.user, body=form.cleaned_data["body"])
    except ValidationError as error:  # logged for a neighbourhood: nobody to reply to
        return _refused(request, feedback, form, error)
    email = services.contact_email(feedback.resident)
    if email:
        told = f"We are emailing it to {email}."
    else:
        told = "They have no email address with us and see it only when they sign in: phone or write to them too."
    return _back(request, feedback, f"Your reply is saved on their feedback page. {told}")


@require_POST
@staff_required
def note(request, pk: int):
    feedback = get_feedback_for_staff(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _item_page(request, pk, failed=form)
    services.add_note(feedback=feedback, author=request.user, body=form.cleaned_data["body"])
    return _back(request, feedback, "Staff note added. The resident never sees it.")


COMPLAINT_FORMS = {
    "acknowledge": AcknowledgeForm,
    "extend": ExtendForm,
    "respond": RespondForm,
    "escalate": EscalateForm,
}


@require_POST
@staff_required
def complaint_action(request, pk: int):
    feedback = get_feedback_for_staff(request, pk)
    action = request.POST.get("action")
    if action not in COMPLAINT_FORMS:
        return HttpResponseBadRequest("Unknown complaint action.")
    form = COMPLAINT_FORMS[action](request.POST)
    if not form.is_valid():
        return _item_page(request, pk, failed=form)
    data, actor = form.cleaned_data, request.user
    try:
        if action == "acknowledge":
            stage = services.acknowledge_complaint(feedback=feedback, actor=actor)
            done = f"{stage.get_stage_display()} acknowledged. The response is due by {_when(stage.response_due)}."
        elif action == "extend":
            stage = services.extend_complaint(feedback=feedback, actor=actor, days=data["days"], reason=data["reason"])
            done = (
                f"{stage.get_stage_display()} extended by {data['days']} working days. The response is now due by "
                f"{_when(stage.response_due)}; we have written to the resident with the reason."
            )
        elif action == "respond":
            stage = services.respond_to_complaint(feedback=feedback, actor=actor, body=data["body"])
            done = f"{stage.get_stage_display()} response sent to the resident."
        else:
            stage = services.escalate_complaint(feedback=feedback, actor=actor, handler=data["handler"])
            done = f"Escalated to stage 2, handled by {stage.handler}. Acknowledge by {_when(stage.acknowledge_due)}."
    except ValidationError as error:
        return _refused(request, feedback, form, error)
    return _back(request, feedback, done)


HAZARD_FORMS = {"confirm": ConfirmHazardForm, "dismiss": DismissHazardForm, "step": HazardStepForm}


@require_POST
@staff_required
def hazard_action(request, pk: int):
    feedback = get_feedback_for_staff(request, pk)
    action = request.POST.get("action")
    if action not in HAZARD_FORMS:
        return HttpResponseBadRequest("Unknown hazard action.")
    form = HAZARD_FORMS[action](request.POST)
    if not form.is_valid():
        return _item_page(request, pk, failed=form)
    data, actor = form.cleaned_data, request.user
    try:
        if action == "confirm":
            hazard = services.confirm_hazard(feedback=feedback, actor=actor, severity=data["severity"])
            done = (
                f"Hazard confirmed: {hazard.get_severity_display()}. "
                f"Investigate by {_when(hazard.investigate_due, time=True)}."
            )
        elif action == "dismiss":
            services.dismiss_hazard(feedback=feedback, actor=actor, reason=data["reason"])
            done = "Checked: not a hazard. The reason is kept in the history."
        else:
            services.record_hazard_step(feedback=feedback, actor=actor, step=data["step"])
            done = f"Recorded: {HAZARD_STEPS[data['step']]}."
    except ValidationError as error:
        return _refused(request, feedback, form, error)
    return _back(request, feedback, done)


# Hazards -------------------------------------------------------------------------------------------------


@require_GET
@staff_required
def hazards(request):
    return render(request, "residents/staff_feedback/hazards.html", hazards_overview(now=timezone.now()))


# A resident's own feedback and its photos; staff logging feedback for a resident.

PAGE_SIZE = 20


def get_feedback_for_resident(request, pk: int) -> Feedback:
    """The signed-in resident's own item; anyone else's is a 404."""
    return get_object_or_404(
        Feedback.objects.visible_to_resident(request.user)
        .select_related("hazard")
        .prefetch_related("photos", "replies", "stages"),
        pk=pk,
    )


@require_GET
@resident_required
def my_feedback(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    # Newest first, said again: Django drops Meta.ordering from a query that groups (the reply count).
    items = (
        Feedback.objects.visible_to_resident(request.user)
        .annotate(reply_count=Count("replies"))
        .order_by("-created_at", "-id")
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "residents/feedback/feedback_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@resident_required
def feedback_new(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    form = FeedbackForm(request.POST, request.FILES) if request.method == "POST" else FeedbackForm()
    if form.is_valid():
        feedback = submit_feedback(
            resident=resident, logged_by=request.user, channel=Channel.PORTAL, **form.submission()
        )
        messages.success(request, f"We have received it. Your reference is {feedback.reference}.")
        return redirect("residents:feedback_detail", pk=feedback.pk)
    return render(request, "residents/feedback/feedback_form.html", {"form": form})


@require_GET
@resident_required
def feedback_detail(request, pk: int):
    if linked_resident_or_none(request) is None:
        return redirect("residents:link")
    feedback = get_feedback_for_resident(request, pk)
    # The "You said, we did" entries that answer this item: we emailed the resident when each was published.
    answered_by = YouSaidWeDid.objects.published().citing(feedback).only("id", "title", "published_at")
    return render(
        request, "residents/feedback/feedback_detail.html", {"feedback": feedback, "answered_by": answered_by}
    )


def _send_photo(photo: FeedbackPhoto) -> FileResponse:
    try:
        file = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"{photo.feedback.reference}-photo-{photo.pk}.{photo.extension}"
    response = FileResponse(file, content_type=photo.content_type, filename=filename)  # inline, not a download
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=3600)
    return response


@staff_required
def _photo_for_staff(request, pk: int, photo_pk: int):
    return _send_photo(get_object_or_404(FeedbackPhoto.objects.select_related("feedback"), pk=photo_pk, feedback_id=pk))


@resident_required
def _photo_for_resident(request, pk: int, photo_pk: int):
    photos = FeedbackPhoto.objects.select_related("feedback").filter(
        feedback__in=Feedback.objects.visible_to_resident(request.user)
    )
    return _send_photo(get_object_or_404(photos, pk=photo_pk, feedback_id=pk))


@require_GET
def feedback_photo(request, pk: int, photo_pk: int):
    """Shared by the resident who sent the photo and staff, each under their own role's rules (staff need
    two-factor authentication); any other resident gets a 404 and any other role a 403."""
    view = _photo_for_staff if is_staff(request.user) else _photo_for_resident
    return view(request, pk, photo_pk)


@require_http_methods(["GET", "POST"])
@staff_required
def staff_log_feedback(request, pk: int):
    resident = get_resident_for_staff(request, pk)
    form = StaffFeedbackForm(request.POST, request.FILES) if request.method == "POST" else StaffFeedbackForm()
    if form.is_valid():
        feedback = submit_feedback(resident=resident, logged_by=request.user, **form.submission())
        if contact_email(resident):
            told = "We have emailed them an acknowledgement with it."
        else:
            told = "They have no email address with us, so tell them the reference now."
        messages.success(
            request, f"Feedback logged for {resident.full_name}. The reference is {feedback.reference}. {told}"
        )
        return redirect("residents:feedback_item", pk=feedback.pk)
    return render(
        request, "residents/feedback/feedback_form.html", {"form": form, "for_staff": True, "resident": resident}
    )
