"""The pages that gather every feature of residents, so they sit above them all: a resident's home (their
register entry, their latest feedback, "You said, we did" where they live), the staff home (register totals and
the feedback to-do counts) and anyone's download of what the portal holds about them. Each feature's own pages
are in its views.py (people/, feedback/, updates/)."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import homepanels
from .dataexport import export_user_data
from .feedback.deadlines import Deadline
from .feedback.models import Feedback, possible_hazard_due
from .people import selectors, services
from .people.models import RegisterImport
from .permissions import resident_required, staff_required
from .updates import services as updates


@require_GET
@resident_required
def resident_home(request):
    resident = selectors.resident_for_home_page(user=request.user)
    recent_feedback = (
        Feedback.objects.filter(resident=resident).only("kind", "category", "status", "created_at")[:3]
        if resident
        else []
    )
    # "You said, we did" for where they live: their neighbourhood's entries and those for everyone.
    area_updates = updates.latest_for_neighbourhood(resident.home.block.neighbourhood_id) if resident else []
    return render(
        request,
        "residents/resident_home.html",
        {
            "resident": resident,
            "recent_feedback": recent_feedback,
            "area_updates": area_updates,
            # What the apps above add (residents/homepanels.py), e.g. the neighbourhood's action plan.
            "panels": homepanels.panels_for(resident) if resident else [],
        },
    )


@require_GET
@staff_required
def staff_home(request):
    totals = services.register_totals()
    recent_imports = RegisterImport.objects.defer("content", "preview", "undo_report").select_related("uploaded_by")[:5]
    now = timezone.now()
    to_do = Feedback.objects.to_do(user=request.user, now=now)
    oldest = to_do["oldest_possible_hazard"]
    return render(
        request,
        "residents/staff_home.html",
        {
            "totals": totals,
            "recent_imports": recent_imports,
            "to_do": to_do,
            "possible_hazard_deadline": Deadline(possible_hazard_due(oldest), None, now) if oldest else None,
        },
    )


@require_GET
def data_export(request):
    """Any signed-in user can download what the portal holds about them."""
    data = export_user_data(request.user)
    data["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(json.dumps(data, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response
