"""Pages about people: the staff register (search, a resident's entry, link codes, imports), then a resident's
own pages about themselves (linking their account to their home, preferences, equality monitoring). Their home
pages, which gather every feature, are in residents/views.py."""

from allauth.core import ratelimit
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..pagination import KnownCountPaginator
from ..permissions import get_register_import_for_user, linked_resident_or_none, resident_required, staff_required
from ..tasks import check_register_import
from . import register_import, selectors, services
from .forms import (
    ConfirmImportForm,
    EqualityForm,
    LinkByCodeForm,
    LinkByTenancyForm,
    PreferencesForm,
    RegisterSearchForm,
    RegisterUploadForm,
)
from .models import EqualityMonitoring, RegisterImport, Resident
from .services import register_changes

REGISTER_PAGE_SIZE = 25
# A search finding more than this asks for more to narrow it down, rather than paging through thousands.
MAX_MATCHES = 1000


@require_GET
@staff_required
def register_list(request):
    form = RegisterSearchForm(request.GET)
    form.is_valid()  # a search with a field in error still goes ahead with the other, the error shown beside it
    q, area = form.cleaned_data.get("q", ""), form.cleaned_data.get("neighbourhood")
    searching = bool(q.strip()) or area is not None
    number = request.GET.get("page")
    if searching:
        page = selectors.register_search_page(
            q, neighbourhood=area, number=number, per_page=REGISTER_PAGE_SIZE, limit=MAX_MATCHES
        )
    else:  # the whole register, counted in the register totals rather than on every page
        count = services.register_totals()["residents"]
        page = KnownCountPaginator(Resident.objects.listed(), REGISTER_PAGE_SIZE, count=count).get_page(number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "residents/resident_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "capped": searching and page.paginator.count >= MAX_MATCHES,
        },
    )


def get_resident_for_staff(request, pk: int) -> Resident:
    return get_object_or_404(Resident.objects.with_home().select_related("user"), pk=pk)


@require_GET
@staff_required
def resident_detail(request, pk: int):
    resident = get_resident_for_staff(request, pk)
    return render(request, "residents/resident_detail.html", {"resident": resident})


@require_POST
@staff_required
def link_code_create(request, pk: int):
    resident = get_resident_for_staff(request, pk)
    if resident.user_id:
        messages.error(request, "This resident's account is already linked.")
        return redirect("residents:resident_detail", pk=pk)
    code = services.create_link_code(resident=resident, created_by=request.user)
    return render(request, "residents/link_code_created.html", {"resident": resident, "code": code})


@require_http_methods(["GET", "POST"])
@staff_required
def register_upload(request):
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            register = RegisterImport.objects.create(
                uploaded_by=request.user,
                filename=form.cleaned_data["file"].name[:255],
                content=form.cleaned_data["text"],
            )
            check_register_import.delay(register.pk)  # sent once the upload is committed (PortalTask)
        return redirect("residents:import_detail", pk=register.pk)
    imports = RegisterImport.objects.defer("content", "preview", "undo_report").select_related("uploaded_by")[:20]
    return render(
        request,
        "residents/register_upload.html",
        {"form": form, "imports": imports, "columns": register_import.COLUMNS},
    )


@require_GET
@staff_required
def register_example(request):
    response = HttpResponse(register_import.example_csv(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="register-example.csv"'
    return response


IMPORT_CHANGES_PAGE_SIZE = 50


def _import_page(request, register: RegisterImport, form=None):
    progress = None if register.is_finished else register_import.get_progress(register.pk)
    if form is None and register.status == RegisterImport.Status.CHECKED:
        form = ConfirmImportForm(preview=register.preview)
    context = {"import": register, "progress": progress, "form": form}
    template = "residents/includes/import_status.html" if request.htmx else "residents/import_detail.html"
    return render(request, template, context)


@require_GET
@staff_required
def import_detail(request, pk: int):
    return _import_page(request, get_register_import_for_user(request, pk))


@require_POST
@staff_required
def import_apply(request, pk: int):
    register = get_register_import_for_user(request, pk)
    form = ConfirmImportForm(request.POST, preview=register.preview)
    if register.status != RegisterImport.Status.CHECKED:
        messages.error(request, "This import is not waiting for confirmation.")
        return redirect("residents:import_detail", pk=pk)
    if not form.is_valid():
        return _import_page(request, register, form)
    try:
        register_changes.confirm_register_import(
            register_import=register,
            user=request.user,
            fingerprint=form.cleaned_data["fingerprint"],
            clear_blanks=form.cleaned_data.get("clear_blanks", False),
        )
    except register_changes.ImportNotWaiting:
        messages.error(
            request, "What this file would change was worked out again since you opened the page. Check it again."
        )
    return redirect("residents:import_detail", pk=pk)


@require_POST
@staff_required
def import_undo(request, pk: int):
    register = get_register_import_for_user(request, pk)
    try:
        register_changes.undo_register_import(register_import=register, user=request.user)
    except register_changes.CannotUndo:
        messages.error(request, "Only an import that was applied, and not undone yet, can be undone.")
    return redirect("residents:import_detail", pk=pk)


@require_GET
@staff_required
def import_changes(request, pk: int):
    register = get_register_import_for_user(request, pk)
    changes = (
        register.changes.select_related("resident")
        .only(
            *("register_import", "field", "old_value", "new_value", "changed_at", "reverted_at", "home_id"),
            *("resident__first_name", "resident__last_name", "resident__resident_reference"),
        )
        .order_by("id")
    )
    page = Paginator(changes, IMPORT_CHANGES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "residents/import_changes.html",
        {"import": register, "page": page},
    )


# A resident's own pages about themselves.


@require_http_methods(["GET", "POST"])
@resident_required
def link_home(request):
    if hasattr(request.user, "resident"):
        messages.info(request, "Your account is already linked to your home.")
        return redirect("residents:home")
    tenancy_form = LinkByTenancyForm(prefix="tenancy")
    code_form = LinkByCodeForm(prefix="code")
    status = 200
    if request.method == "POST":
        method = request.POST.get("method")
        if method == "code":
            code_form = LinkByCodeForm(request.POST, prefix="code")
            form = code_form
        else:
            tenancy_form = LinkByTenancyForm(request.POST, prefix="tenancy")
            form = tenancy_form
        if form.is_valid():
            if not ratelimit.consume(request, action="link_home", user=request.user):
                form.add_error(None, "Too many attempts. Wait 15 minutes and try again, or call us for a link code.")
                status = 429
            else:
                try:
                    if method == "code":
                        services.link_account_by_code(user=request.user, code=form.cleaned_data["code"])
                    else:
                        services.link_account_by_tenancy(
                            user=request.user,
                            tenancy_reference=form.cleaned_data["tenancy_reference"],
                            postcode=form.cleaned_data["postcode"],
                        )
                except services.LinkError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, "Your account is now linked to your home.")
                    return redirect("residents:home")
    return render(
        request,
        "residents/link_home.html",
        {"tenancy_form": tenancy_form, "code_form": code_form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@resident_required
def preferences(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    instance = services.get_preferences(resident)
    form = PreferencesForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your preferences are saved.")
        return redirect("residents:home")
    return render(request, "residents/preferences_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@resident_required
def equality(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    instance = EqualityMonitoring.objects.filter(resident=resident).first() or EqualityMonitoring(resident=resident)
    form = EqualityForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Thank you. Your answers are saved.")
        return redirect("residents:home")
    return render(request, "residents/equality_form.html", {"form": form, "saved": instance.pk is not None})


@require_POST
@resident_required
def equality_delete(request):
    resident = linked_resident_or_none(request)
    if resident is None:
        return redirect("residents:link")
    EqualityMonitoring.objects.filter(resident=resident).delete()
    messages.success(request, "Your equality monitoring answers are deleted.")
    return redirect("residents:home")
