"""What the involvement pages share: paging, a volunteer's roles, and safe CSV cells."""

from django.core.paginator import Paginator

from ...people.models import Resident
from ..models import InterestStatus, Opportunity

PAGE_SIZE = 20


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def roles_of(resident: Resident):
    return Opportunity.objects.filter(interests__resident=resident, interests__status=InterestStatus.ACCEPTED).only(
        "id", "title"
    )


def csv_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
