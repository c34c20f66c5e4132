from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection
from kombu.exceptions import OperationalError

from residents.models import Role

ROLE_HOMES = {
    Role.RESIDENT: "residents:home",
    Role.STAFF: "residents:staff_home",
    Role.ADMIN: "residents:staff_home",
    Role.BOARD: "board_home",
}


@login_not_required
@require_GET
def landing(request):
    """Public front page; a signed-in user goes straight to the home page for their role."""
    if request.user.is_authenticated:
        return redirect(ROLE_HOMES[request.user.role])
    return render(request, "engagement/landing.html")


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """What the portal cannot reach, for a load balancer and an operator: the database (nothing works without
    it), the cache (pages are slower, sign-in is paused) and the task broker (email and invitations wait)."""
    down = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        down.append("database")
    if not cache.reachable():
        down.append("cache")
    if not _broker_reachable():
        down.append("broker")
    if down:
        return JsonResponse({"status": "down", "down": down}, status=503)
    return JsonResponse({"status": "ok"})


def _broker_reachable() -> bool:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=1) as broker:
            broker.ensure_connection(max_retries=0)  # connecting checks the server answers (kombu pings Redis)
    except (OperationalError, OSError):
        return False
    return True
