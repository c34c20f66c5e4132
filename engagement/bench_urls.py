"""URLconf for `manage.py bench` only, never the product's ROOT_URLCONF.

The product's URLs plus two empty views that are the yardstick for page cost: each goes through the same
middleware as a page and does nothing else.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path


def empty(request):
    """Behind login like every signed-in page, so the session and the user are loaded as they are for a page."""
    return HttpResponse("ok")


@login_not_required
def empty_public(request):
    """The yardstick for public pages, seen by an anonymous visitor."""
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/empty/", empty, name="bench_empty"),
    path("__bench__/empty-public/", empty_public, name="bench_empty_public"),
    path("", include("engagement.urls")),
]
