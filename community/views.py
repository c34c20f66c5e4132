"""The staff's community page: every community feature in one place, with what is coming and what waits for them."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from residents.permissions import staff_required

from .selectors import waiting_for_staff


@require_GET
@staff_required
def staff_home(request):
    return render(request, "community/staff_home.html", {"waiting": waiting_for_staff()})
