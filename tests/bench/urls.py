"""URLconf for the benchmark only, never the product's ROOT_URLCONF.

The product's URLs plus the yardstick for page cost: for each persona, a page that goes through the same
middleware and renders the site's layout (templates/base.html: header, navigation, footer, asset links) with
empty content. A page's ratio to it is what the page adds to the shell every page pays for.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import include, path

# The layout with nothing in its content block (a template string: it is the yardstick, not a product page).
EMPTY_PAGE = "bench/empty.html"


def empty(request):
    """Behind login like every signed-in page, so the session and the user are loaded as they are for a page."""
    return render(request, EMPTY_PAGE)


@login_not_required
def empty_public(request):
    """The yardstick for public pages, seen by an anonymous visitor."""
    return render(request, EMPTY_PAGE)


urlpatterns = [
    path("__bench__/empty/", empty, name="bench_empty"),
    path("__bench__/empty-public/", empty_public, name="bench_empty_public"),
    path("", include("engagement.urls")),
]
