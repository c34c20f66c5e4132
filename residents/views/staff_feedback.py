"""The staff feedback queue, one item with its complaint stages and hazard clocks, and the hazards page.

Views check access, run a form, call one service and go back to the item with a message. Every rule (the
deadlines, who may handle stage 2, which clocks start when) is in services/feedback.py: when a service
refuses, its message is shown next to the form it came from, and what was typed is kept.
"""

from datetime import datetime, timedelta
from html import escape

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db.models import F, Func, IntegerField, Prefetch, Q, Subquery
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_POST

from .. import rules, tables
from ..forms.staff_feedback import (
    AcknowledgeForm,
    AssignForm,
    ConfirmHazardForm,
    DismissHazardForm,
    EscalateForm,
    ExtendForm,
    HazardStepForm,
    ItemForm,
    NoteForm,
    QueueFilterForm,
    ReplyForm,
    RespondForm,
    StatusForm,
)
from ..models import (
    ComplaintStage,
    Feedback,
    FeedbackCategory,
    FeedbackEvent,
    FeedbackKind,
    FeedbackNote,
    FeedbackReply,
    FeedbackStatus,
    Hazard,
    HazardReview,
    Neighbourhood,
    Resident,
    User,
    reference_for,
)
from ..models.people import join_address, join_name
from ..permissions import staff_required
from ..services import feedback as services
from ..services.feedback import HAZARD_STEPS

QUEUE_PAGE_SIZE = 25
MAX_LISTED = 1000
POSSIBLE_HAZARDS_SHOWN = 50
SOON = timedelta(hours=48)
# The queue's page in one statement: the items matching the filters (QueueFilterForm.where) are counted, at most
# MAX_LISTED, and the page asked for (or the last, for one past the end) is read from the feedback table alone in
# the order of its index, stopping after 25; only those are joined to their residents. Neighbourhood and assignee
# are named from the filters' lists. Through the ORM this was a count and a page of rows, each put together and
# planned apart, which cost more than the rest of the page.
QUEUE_SQL = """
SELECT f.id, r.first_name, r.last_name, f.neighbourhood_id, f.kind, f.category, f.status, f.assignee_id,
       f.next_due_at, f.hazard_review, counted.n, counted.skipped
FROM (
    SELECT n, {skipped} AS skipped
    FROM (SELECT COUNT(*) AS n FROM (SELECT 1 FROM {feedback} WHERE {where} LIMIT %(limit)s) matching) listed
) counted
LEFT JOIN LATERAL (
    SELECT id, next_due_at, created_at FROM {feedback} WHERE {where}
    ORDER BY {order} OFFSET counted.skipped LIMIT %(per_page)s
) p ON TRUE
LEFT JOIN {feedback} f ON f.id = p.id
LEFT JOIN {resident} r ON r.id = f.resident_id
ORDER BY {page_order}
"""


def queue_page(form: QueueFilterForm, number, *, now: datetime) -> Page:
    """The page `number` of the items matching the form's filters, as rows of (id, first name, last name,
    neighbourhood id, kind, category, status, assignee id, next due, hazard review). The number is read as
    Paginator.get_page reads it: not a number is the first page; past the end, or below 1, the last."""
    where, params, order = form.where(now=now)
    sql = QUEUE_SQL.format(
        where=where,
        order=", ".join(order),
        page_order=", ".join(f"p.{column}" for column in order),
        skipped=tables.SKIPPED_SQL,
        feedback=Feedback._meta.db_table,
        resident=Resident._meta.db_table,
    )
    return tables.fetch_counted_page(sql, params, number=number, per_page=QUEUE_PAGE_SIZE, limit=MAX_LISTED)


# How a deadline reads ------------------------------------------------------------------------------------


def _span(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    if hours < 1:
        return "less than an hour"
    if delta < SOON:
        return f"{hours} hour{'' if hours == 1 else 's'}"
    return f"{delta.days} days"


class Deadline:
    """A due time as staff read it: "Overdue by 3 days", "Due in 5 hours", "Done 2 days late". Everything is
    worked out once, as it is made: the queue makes 25 and reads each several times."""

    __slots__ = ("due", "done", "now", "overdue", "late", "breached", "soon", "words", "due_text", "done_text")

    def __init__(self, due: datetime | None, done: datetime | None, now: datetime):
        self.due, self.done, self.now = due, done, now
        self.overdue = due is not None and done is None and now > due
        self.late = due is not None and done is not None and done > due
        self.breached = self.overdue or self.late
        self.soon = due is not None and done is None and not self.overdue and due - now < SOON
        if done is not None:
            self.words = f"Done {_span(done - due)} late" if self.late else "Done in time"
        elif due is None:
            self.words = "No deadline"
        elif self.overdue:
            self.words = f"Overdue by {_span(now - due)}"
        else:
            self.words = f"Due in {_span(due - now)}"
        self.due_text = _short_when(due)
        self.done_text = _short_when(done)


def _short_when(moment: datetime | None) -> str:
    """ "Mon 5 Jan 2026, 14:30" in UK time (as the date filter's "D j M Y, H:i", for a fraction of its cost)."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


# The queue -----------------------------------------------------------------------------------------------

# Labels escaped once, for the rows of the staff lists (residents/tables.py).
KIND_LABELS = tables.labels(FeedbackKind.choices)
CATEGORY_LABELS = tables.labels(FeedbackCategory.choices)
STATUS_LABELS = tables.labels(FeedbackStatus.choices)


def queue_cells(row: tuple, *, now: datetime, item_base: str, areas: dict, staff: dict) -> tuple:
    """The cells of one row of the queue (queue_page): labels from dicts rather than get_FOO_display
    (which walks the choices each time), names from `areas` and `staff` by id, the deadline worked out once."""
    pk, first, last, neighbourhood_id, kind, category, status, assignee_id, due, hazard = row
    return (
        tables.link(f"{item_base}{pk}/", reference_for(pk)),
        join_name(first, last),
        areas[neighbourhood_id],
        KIND_LABELS.get(kind, kind),
        CATEGORY_LABELS.get(category, category),
        STATUS_LABELS.get(status, status),
        staff[assignee_id] if assignee_id else "Nobody",
        tables.deadline_html(Deadline(due, None, now)),
        tables.HAZARD_BADGES.get(hazard, ""),
    )


@require_GET
@staff_required
def queue(request):
    now = timezone.now()
    form = QueueFilterForm(request.GET, user=request.user)
    page = queue_page(form, request.GET.get("page"), now=now)
    listed = page.object_list
    areas = tables.named((row[3] for row in listed), form.neighbourhood_names, Neighbourhood, "name")
    staff = tables.named((row[7] for row in listed), form.staff_names, User, "full_name", "email")  # as User.__str__
    # Items are /staff/feedback/<pk>/: one reverse() instead of one per row.
    item_base = reverse("residents:feedback_queue")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "residents/staff_feedback/queue.html",
        {
            "form": form,
            "page": page,
            "rows": [queue_cells(row, now=now, item_base=item_base, areas=areas, staff=staff) for row in listed],
            "query": query.urlencode(),
            "capped": page.paginator.count >= MAX_LISTED,
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
            "resident__user", "home__block", "neighbourhood", "logged_by", "assignee", "hazard__confirmed_by"
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
    extension_left = rules.COMPLAINT_MAX_EXTENSION_DAYS - current.extension_days if current else 0
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
    services.reply_to_resident(feedback=feedback, author=request.user, body=form.cleaned_data["body"])
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

# What the list of possible hazards shows, read as plain values (not the text of each report, up to 5,000
# characters).
POSSIBLE_COLUMNS = (
    *("pk", "category", "hazard_words", "created_at", "resident__first_name", "resident__last_name"),
    *("home__address_line_1", "home__address_line_2", "home__town", "home__postcode"),
)
# What a confirmed hazard shows of its report.
HAZARD_REPORT_COLUMNS = (
    *("status", "resident__first_name", "resident__last_name", "assignee__full_name", "assignee__email"),
    *("home__address_line_1", "home__address_line_2", "home__town", "home__postcode"),
)

# A clock still to meet: its due time is set and it is not done. The investigation clock is always set.
UNMET = (
    Q(investigated_at__isnull=True)
    | Q(make_safe_due__isnull=False, made_safe_at__isnull=True)
    | Q(summary_due__isnull=False, summary_sent_at__isnull=True)
    | Q(further_work_due__isnull=False, further_work_started_at__isnull=True)
)
DONE_LATE = (
    Q(investigated_at__gt=F("investigate_due"))
    | Q(made_safe_at__gt=F("make_safe_due"))
    | Q(summary_sent_at__gt=F("summary_due"))
    | Q(further_work_started_at__gt=F("further_work_due"))
)


def possible_cells(row: tuple, *, now: datetime, item_base: str) -> tuple:
    """The cells of one row of the possible hazards to check, from POSSIBLE_COLUMNS."""
    pk, category, words, created_at, first, last, line_1, line_2, town, postcode = row
    address = join_address(line_1, line_2, town, postcode)
    who = f'{escape(join_name(first, last))}<br><span class="small">{escape(address)}</span>'
    when = f'{_short_when(created_at)}<br><span class="small">{_span(now - created_at)} ago</span>'
    return (
        tables.link(f"{item_base}{pk}/", reference_for(pk)),
        SafeString(who),
        CATEGORY_LABELS.get(category, category),
        ", ".join(words) or "None (its category)",
        SafeString(when),
    )


@require_GET
@staff_required
def hazards(request):
    now = timezone.now()
    found = list(Hazard.objects.filter(UNMET | DONE_LATE))
    if found:
        # Their reports by id, apart: joined to the hazards' query of eight conditions, PostgreSQL spent longer
        # planning the five tables than drawing the page.
        reports = (
            Feedback.objects.select_related("resident", "home", "assignee")
            .only(*HAZARD_REPORT_COLUMNS)
            .order_by()
            .in_bulk([hazard.feedback_id for hazard in found])
        )
        for hazard in found:
            hazard.feedback = reports[hazard.feedback_id]
    open_hazards, breaches = [], []
    for hazard in found:
        clocks = [{**clock, "deadline": Deadline(clock["due"], clock["done"], now)} for clock in hazard.clocks(now)]
        breaches += [{"hazard": hazard, **clock} for clock in clocks if clock["breached"]]
        pending = [clock for clock in clocks if clock["done"] is None]
        if pending:
            open_hazards.append({"hazard": hazard, "clocks": clocks, "next_due": min(c["due"] for c in pending)})
    # Not done before done late; then the longest overdue first.
    breaches.sort(key=lambda clock: (clock["done"] is not None, clock["due"]))
    open_hazards.sort(key=lambda entry: entry["next_due"])
    possible = Feedback.objects.filter(hazard_review=HazardReview.POSSIBLE)
    # How many there are comes with the oldest ones listed, in the same query (counted from the partial index of
    # reports still to check).
    count = possible.order_by().values(n=Func(template="COUNT(*)", output_field=IntegerField()))
    oldest = list(
        possible.order_by("created_at", "id")
        .annotate(total=Subquery(count))
        .values_list(*POSSIBLE_COLUMNS, "total")[:POSSIBLE_HAZARDS_SHOWN]
    )
    item_base = reverse("residents:feedback_queue")
    return render(
        request,
        "residents/staff_feedback/hazards.html",
        {
            "breaches": breaches,
            "open_hazards": open_hazards,
            "possible": [possible_cells(row[:-1], now=now, item_base=item_base) for row in oldest],
            "possible_count": oldest[0][-1] if oldest else 0,
            "possible_shown": POSSIBLE_HAZARDS_SHOWN,
        },
    )
