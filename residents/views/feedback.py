"""A resident's own feedback and its photos, and staff logging feedback for a resident who phoned, wrote or
visited. The work is done in services/feedback.py; these views check access, run the form and answer."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from ..forms.feedback import FeedbackForm, StaffFeedbackForm
from ..models import Channel, Feedback, FeedbackPhoto, YouSaidWeDid
from ..permissions import is_staff, linked_resident_or_none, resident_required, staff_required
from ..services.feedback import contact_email, submit_feedback
from .register import get_resident_for_staff

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
