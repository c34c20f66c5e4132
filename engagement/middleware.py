"""Portal-wide response rules: personal pages are never stored by a browser or proxy, and what rate limits guard
waits while the cache that counts the attempts is unreachable."""

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect

SIGNING_IN_PAUSED = "Signing in is paused for a moment; please try again shortly."
LINKING_PAUSED = "Linking your account to your home is paused for a moment; please try again shortly."

# Views outside allauth whose POSTs are counted by a rate limit in the cache (settings.ACCOUNT_RATE_LIMITS), with
# what to tell someone while it cannot count.
RATE_LIMITED_VIEWS = {"residents:link": LINKING_PAUSED}
# allauth views with no rate limit that must always work.
NEVER_PAUSED = {"account_logout"}


def personal_pages_not_stored(get_response):
    """A page for a signed-in user shows their own data (or, for staff, residents'): no shared proxy may keep it
    and no browser may keep it on disk for the next person at a shared computer. A view that chose its own
    caching (a photo's private max-age, a public feed) keeps it."""

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response

    return middleware


class RateLimitsNeedTheCache:
    """allauth counts sign-in attempts in the cache. Without the cache nothing can be counted, so rather than let
    a password be guessed without limit (or fail with an error page) the attempt is refused with a clear
    message; reading pages and giving feedback go on as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        paused = self._message_while_paused(request, view_func)
        if paused is None:
            return None
        reachable = getattr(cache, "reachable", None)
        if reachable is None or reachable():
            return None
        messages.error(request, paused)
        return redirect(request.get_full_path())

    @staticmethod
    def _message_while_paused(request, view_func) -> str | None:
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in NEVER_PAUSED:
            return None
        if name in RATE_LIMITED_VIEWS:
            return RATE_LIMITED_VIEWS[name]
        if getattr(view_func, "__module__", "").startswith("allauth."):
            return SIGNING_IN_PAUSED
        return None
