""" "You said, we did": staff pages to write, schedule and withdraw entries; the public list, entry, photo and feed.

The public pages are open to everyone on purpose (login_not_required): the regulator expects landlords to tell
tenants how their views were considered. They show published entries only, and never who spoke up.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages import get_messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..people.models import Neighbourhood
from ..permissions import staff_required
from . import services as updates
from . import sources
from .filters import PublicUpdateFilter
from .forms import ScheduleForm, UpdateForm, WithdrawForm
from .models import UpdateStatus, YouSaidWeDid

STAFF_PAGE_SIZE = 25
PUBLIC_PAGE_SIZE = 20
FEED_SIZE = 50
EDITABLE = (UpdateStatus.DRAFT, UpdateStatus.SCHEDULED)
PUBLIC_LIST_PARAMETERS = {"neighbourhood", "topic", "page"}


def _with_areas(entries):
    return entries.prefetch_related(Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("id", "name")))


# Staff ---------------------------------------------------------------------------------------------------


def get_update_for_staff(request, pk: int, *, lock: bool = False) -> YouSaidWeDid:
    """Staff see every entry. lock=True holds the row (inside a transaction) so the publisher skips it meanwhile."""
    entries = YouSaidWeDid.objects.select_for_update() if lock else YouSaidWeDid.objects.all()
    return get_object_or_404(entries, pk=pk)


@require_GET
@staff_required
def staff_list(request):
    status = request.GET.get("status", "")
    entries = _with_areas(YouSaidWeDid.objects.defer("you_said", "we_did")).order_by("-updated_at", "-id")
    if status in UpdateStatus.values:
        entries = entries.filter(status=status)
    page = Paginator(entries, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "residents/updates/staff_list.html",
        {
            "page": page,
            "status": status,
            "statuses": UpdateStatus.choices,
            "query": urlencode({"status": status}) if status else "",
        },
    )


def _save(form: UpdateForm, *, created_by=None) -> YouSaidWeDid:
    with transaction.atomic():
        entry = form.save(commit=False)
        if created_by is not None:
            entry.created_by = created_by
        entry.save()
        form.save_m2m()
        updates.set_sources(entry=entry, objects=form.source_objects())
        if form.old_photo_name:
            old = form.old_photo_name
            transaction.on_commit(lambda: default_storage.delete(old))
    return entry


@require_http_methods(["GET", "POST"])
@staff_required
def create(request):
    form = UpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        entry = _save(form, created_by=request.user)
        messages.success(request, "The draft is saved. Schedule it when it is ready to publish.")
        return redirect("residents:update_edit", pk=entry.pk)
    return render(request, "residents/updates/create.html", {"form": form})


def _render_edit(request, entry: YouSaidWeDid, *, form=None, schedule_form=None, withdraw_form=None):
    editable = entry.status in EDITABLE
    if editable:
        form = form or UpdateForm(instance=entry)
        schedule_form = schedule_form or ScheduleForm(entry=entry)
    elif entry.status == UpdateStatus.PUBLISHED:
        withdraw_form = withdraw_form or WithdrawForm()
    if not editable:  # read-only: shown as saved, with its neighbourhoods
        entry = _with_areas(YouSaidWeDid.objects.all()).get(pk=entry.pk)
    links = list(entry.sources.prefetch_related("source").order_by("content_type_id", "object_id"))
    error_form = next((f for f in (form, schedule_form, withdraw_form) if f is not None and f.errors), None)
    return render(
        request,
        "residents/updates/edit.html",
        {
            "entry": entry,
            "editable": editable,
            "form": form,
            "schedule_form": schedule_form,
            "withdraw_form": withdraw_form,
            "error_form": error_form,
            "cited": [sources.describe(link) for link in links],
            "voices": len(sources.voices(links)) if editable else entry.voices,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def edit(request, pk: int):
    if request.method == "GET":
        return _render_edit(request, get_update_for_staff(request, pk))
    with transaction.atomic():
        entry = get_update_for_staff(request, pk, lock=True)
        if entry.status not in EDITABLE:
            messages.error(request, "This entry has been published, so it can no longer be changed.")
            return redirect("residents:update_edit", pk=pk)
        form = UpdateForm(request.POST, request.FILES, instance=entry)
        if form.is_valid():
            _save(form)
            messages.success(request, "Your changes are saved.")
            return redirect("residents:update_edit", pk=pk)
    entry.refresh_from_db()  # the form wrote what was typed onto the entry; show the saved one elsewhere
    return _render_edit(request, entry, form=form)


@require_POST
@staff_required
def schedule(request, pk: int):
    with transaction.atomic():
        entry = get_update_for_staff(request, pk, lock=True)
        if entry.status not in EDITABLE:
            messages.error(request, "This entry has already been published or withdrawn.")
            return redirect("residents:update_edit", pk=pk)
        form = ScheduleForm(request.POST, entry=entry)
        now = "publish_now" in request.POST
        if now or form.is_valid():
            try:
                entry = updates.schedule_update(
                    entry=entry, publish_at=timezone.now() if now else form.cleaned_data["publish_at"]
                )
            except ValidationError as error:
                form.is_valid()  # so the form can carry the error even when 'publish now' skipped checking it
                form.add_error(None, error)
            else:
                when = timezone.localtime(entry.publish_at)
                if when <= timezone.now():
                    text = "It will be published within a minute."
                else:
                    text = f"It will be published on {formats.date_format(when, 'j F Y')} at {when:%H:%M}."
                messages.success(request, text)
                return redirect("residents:update_edit", pk=pk)
    return _render_edit(request, entry, schedule_form=form)


@require_POST
@staff_required
def unschedule(request, pk: int):
    entry = get_update_for_staff(request, pk)
    try:
        updates.unschedule_update(entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "It will not be published: it is a draft again.")
    return redirect("residents:update_edit", pk=pk)


@require_POST
@staff_required
def withdraw(request, pk: int):
    with transaction.atomic():
        entry = get_update_for_staff(request, pk, lock=True)
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                entry = updates.withdraw_update(entry=entry, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The entry is withdrawn. The public page now shows only your reason.")
                return redirect("residents:update_edit", pk=pk)
    return _render_edit(request, entry, withdraw_form=form)


# Public --------------------------------------------------------------------------------------------------


def _public_list_cache_name(request) -> str | None:
    """The name this view of the list is cached by, or None for an address with anything but the list's own
    parameters, each given once (such addresses are answered, just not cached)."""
    if not set(request.GET) <= PUBLIC_LIST_PARAMETERS or any(len(values) > 1 for _, values in request.GET.lists()):
        return None
    return hashlib.sha256(request.GET.urlencode().encode()).hexdigest()


def _public_list_body(request) -> tuple[str, bool]:
    """The list as HTML (without the site's header, which depends on who is signed in), and whether it may be
    cached: only for filters that are valid and a page that exists, so made-up addresses fill no cache."""
    filters = PublicUpdateFilter(request.GET or None, queryset=_with_areas(YouSaidWeDid.objects.published()))
    asked = request.GET.get("page")
    page = Paginator(filters.qs, PUBLIC_PAGE_SIZE).get_page(asked)
    query = request.GET.copy()
    query.pop("page", None)
    body = render_to_string(
        "residents/updates/includes/public_list_body.html",
        {
            "page": page,
            "form": filters.form,
            "query": query.urlencode(),
            "filtered": bool(request.GET.get("neighbourhood") or request.GET.get("topic")),
        },
    )
    valid = not filters.is_bound or filters.is_valid()
    return body, valid and asked in (None, str(page.number))


def _public_list_page(request, body: str):
    return render(request, "residents/updates/public_list.html", {"body": mark_safe(body)})


@login_not_required
@require_GET
def public_list(request):
    """Cached until an entry is published or withdrawn: a visitor who is not signed in and has no message
    waiting sees what every other such visitor sees, so the whole page is cached; anyone else gets the cached
    list inside their own page."""
    name = _public_list_cache_name(request)
    if name is None:
        return _public_list_page(request, _public_list_body(request)[0])
    whole = not request.user.is_authenticated and not get_messages(request)
    name = f"{'page' if whole else 'list'}:{name}"
    version, cached = updates.cached_public_page(name)
    if cached is not None:
        return HttpResponse(cached) if whole else _public_list_page(request, cached)
    body, cacheable = _public_list_body(request)
    response = _public_list_page(request, body)
    if cacheable:
        updates.cache_public_page(name, version, response.content.decode() if whole else body)
    return response


@login_not_required
@require_GET
def detail(request, pk: int):
    """A published entry in full; a withdrawn one shows only when and why. Drafts and scheduled ones are 404."""
    entry = get_object_or_404(_with_areas(YouSaidWeDid.objects.public()), pk=pk)
    return render(request, "residents/updates/detail.html", {"entry": entry})


@login_not_required
@require_GET
def photo(request, pk: int):
    entry = get_object_or_404(YouSaidWeDid.objects.published().exclude(photo=""), pk=pk)
    try:
        handle = entry.photo.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=entry.photo_content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class AtomFeed(Feed):
    """The latest published entries as an Atom feed, for anyone (no sign-in), with the same content as the pages."""

    feed_type = Atom1Feed
    # Public on purpose: LoginRequiredMiddleware reads this attribute from the view, here the Feed instance.
    login_required = False
    subtitle = "What residents told us, and what we did about it."
    description_template = "residents/updates/feed_description.html"

    def __call__(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        # The links in the feed are absolute, so each address the site answers to has its own copy.
        name = f"feed:{request.scheme}://{request.get_host()}"
        version, cached = updates.cached_public_page(name)
        if cached is None:
            response = super().__call__(request, *args, **kwargs)
            updates.cache_public_page(name, version, {"content": response.content, "headers": dict(response.headers)})
            return response
        return HttpResponse(cached["content"], headers=cached["headers"])

    def title(self):
        return f"You said, we did: {settings.LANDLORD_NAME}"

    def link(self):
        return reverse("residents:update_public_list")

    def author_name(self):
        return settings.LANDLORD_NAME

    def items(self):
        return _with_areas(YouSaidWeDid.objects.published())[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return reverse("residents:update_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at  # Atom needs it; a published entry does not change, it can only be withdrawn

    def item_categories(self, item):
        return [item.get_topic_display()]
