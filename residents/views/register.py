"""Staff pages for the resident register: home, search, detail, link codes, imports."""

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import register_import, services, tables
from ..forms.register import ConfirmImportForm, RegisterUploadForm
from ..models import OPEN_STATUSES, Block, Feedback, HazardReview, Home, Neighbourhood, RegisterImport, Resident
from ..models.people import join_address, join_name, search_sql
from ..permissions import get_register_import_for_user, staff_required
from ..services import register_changes
from ..tasks import check_register_import

REGISTER_PAGE_SIZE = 25
MAX_MATCHES = 1000
# What a row of the register shows, read as plain values: 25 rows of three tables without a model instance each.
# The neighbourhood is named from the register totals: joined as well, the query took longer to plan than to run.
REGISTER_COLUMNS = (
    *("pk", "first_name", "last_name", "tenancy_reference", "user_id"),
    *("home__address_line_1", "home__address_line_2", "home__town", "home__postcode"),
    "home__block__neighbourhood_id",
)


def register_rows(values, detail_base: str, areas: dict) -> list[tuple]:
    """The cells of the register table for rows of REGISTER_COLUMNS, neighbourhoods named from `areas` by id."""
    return [
        (
            tables.link(f"{detail_base}{pk}/", join_name(first, last)),
            join_address(line_1, line_2, town, postcode),
            areas[neighbourhood_id],
            tenancy,
            "Linked" if user_id else "No",
        )
        for pk, first, last, tenancy, user_id, line_1, line_2, town, postcode, neighbourhood_id in values
    ]


# The staff home's to-do counts, in fixed SQL: put together through the ORM (four counting subqueries), the query
# took three times as long to build as to run. Each count is answered from an index that holds just those items
# (the open-by-due and possible-hazard partial indexes, assignee and status) without reading the rows, however
# many closed items there are. tests/residents/test_staff_feedback.py checks them against the ORM's querysets:
# Feedback.objects.open(), .open().filter(assignee=user), .overdue(now) and hazard_review=POSSIBLE.
TO_DO_SQL = """
SELECT
    (SELECT COUNT(*) FROM {table} WHERE status IN %(open)s),
    (SELECT COUNT(*) FROM {table} WHERE status IN %(open)s AND assignee_id = %(user)s),
    (SELECT COUNT(*) FROM {table} WHERE status IN %(open)s AND next_due_at < %(now)s),
    (SELECT COUNT(*) FROM {table} WHERE hazard_review = %(possible)s)
""".format(table=connection.ops.quote_name(Feedback._meta.db_table))


def feedback_to_do(user) -> dict:
    """Open feedback, how much of it is the user's or overdue, and possible hazards to check, in one query."""
    params = {"open": tuple(OPEN_STATUSES), "user": user.pk, "now": timezone.now(), "possible": HazardReview.POSSIBLE}
    with connection.cursor() as cursor:
        cursor.execute(TO_DO_SQL, params)
        open_, mine, overdue, possible_hazards = cursor.fetchone()
    return {"open": open_, "mine": mine, "overdue": overdue, "possible_hazards": possible_hazards}


@require_GET
@staff_required
def staff_home(request):
    totals = services.register_totals()
    recent_imports = RegisterImport.objects.defer("content").select_related("uploaded_by")[:5]
    return render(
        request,
        "residents/staff_home.html",
        {"totals": totals, "recent_imports": recent_imports, "to_do": feedback_to_do(request.user)},
    )


# A page of a register search in one statement. The matches (search_sql), at most MAX_MATCHES in name order, are
# numbered and counted; the page asked for (or the last, for one past the end) is cut from them, and only its 25
# are joined to their homes. Joined to every match, PostgreSQL read all their homes to sort a few hundred names;
# as separate queries, listing the matches' ids in Python and reading the page's rows cost more than the search.
SEARCH_SQL = """
WITH matching AS (
    SELECT id AS pk, ROW_NUMBER() OVER (ORDER BY last_key, first_key, id) AS position
    FROM ({found} ORDER BY last_key, first_key, id LIMIT %(limit)s) found
)
SELECT r.id, r.first_name, r.last_name, r.tenancy_reference, r.user_id,
       h.address_line_1, h.address_line_2, h.town, h.postcode, b.neighbourhood_id, counted.n, counted.skipped
FROM (SELECT n, {skipped} AS skipped FROM (SELECT COUNT(*) AS n FROM matching) listed) counted
LEFT JOIN matching m ON m.position > counted.skipped AND m.position <= counted.skipped + %(per_page)s
LEFT JOIN {resident} r ON r.id = m.pk
LEFT JOIN {home} h ON h.id = r.home_id
LEFT JOIN {block} b ON b.id = h.block_id
ORDER BY m.position
"""


def search_page(text: str, *, neighbourhood_id: int | None, number) -> Page:
    """The page `number` of the residents a search finds, as rows of REGISTER_COLUMNS."""
    found, params = search_sql(text, neighbourhood_id=neighbourhood_id)
    sql = SEARCH_SQL.format(
        found=found,
        skipped=tables.SKIPPED_SQL,
        resident=Resident._meta.db_table,
        home=Home._meta.db_table,
        block=Block._meta.db_table,
    )
    return tables.fetch_counted_page(sql, params, number=number, per_page=REGISTER_PAGE_SIZE, limit=MAX_MATCHES)


@require_GET
@staff_required
def register_list(request):
    q = request.GET.get("q", "")
    neighbourhood_id = request.GET.get("neighbourhood", "")
    area = int(neighbourhood_id) if neighbourhood_id.isdigit() else None
    totals = services.register_totals()
    searching = bool(q.strip()) or area is not None
    if searching:
        page = search_page(q, neighbourhood_id=area, number=request.GET.get("page"))
    else:
        rows = Resident.objects.values_list(*REGISTER_COLUMNS)
        page = tables.CountedPaginator(rows, REGISTER_PAGE_SIZE, count=totals["residents"]).get_page(
            request.GET.get("page")
        )
    values = list(page.object_list)
    areas = tables.named((row[-1] for row in values), services.neighbourhood_names(totals), Neighbourhood, "name")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "residents/resident_list.html",
        {
            "page": page,
            # Detail pages are /staff/register/<pk>/: one reverse() instead of one per row.
            "rows": register_rows(values, reverse("residents:register_list"), areas),
            "neighbourhoods": totals["neighbourhoods"],
            "neighbourhood_id": neighbourhood_id,
            "q": q,
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
            transaction.on_commit(lambda: check_register_import.delay(register.pk))
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
