"""{% url %} as Django's, with the addresses of views that take no arguments worked out once per process.

A page links to a dozen such views (the resident home to its every section); each `reverse()` walks the URL
patterns anew. An address depends only on the view's name, the namespace in use, the URLconf and the script
prefix, so it is kept under those. Installed as a builtin (settings.TEMPLATES), so every template's {% url %}
is this one; addresses with arguments go through Django's tag unchanged.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()


@lru_cache(maxsize=512)
def _address(view_name: str, current_app: str | None, urlconf: str, script_prefix: str) -> str:
    return reverse(view_name, current_app=current_app)


class URLNode(defaulttags.URLNode):
    def render(self, context):
        if self.args or self.kwargs:
            return super().render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        try:
            url = _address(
                self.view_name.resolve(context),
                current_app,
                get_urlconf() or settings.ROOT_URLCONF,
                get_script_prefix(),
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""  # as Django's tag: {% url ... as name %} for a view that is not there gives nothing
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return URLNode(node.view_name, node.args, node.kwargs, node.asvar)
