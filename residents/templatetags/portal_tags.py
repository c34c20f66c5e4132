"""Pieces of the page layout (templates/base.html) that every page draws."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape
from django.utils.safestring import mark_safe

from residents import tables

register = template.Library()

# Stands in for the visitor's CSRF token while the header is drawn for a role; the token goes in its place.
_TOKEN_SLOT = "csrf-token-slot"


@lru_cache(maxsize=64)
def _header_around_token(nav_role: str, landlord_name: str, urlconf: str, script_prefix: str) -> tuple[str, str]:
    """The header for a role, split where the sign-out form's CSRF token goes. The header depends only on its
    arguments (the URLs through the URLconf and prefix), so each web process draws it once per role rather than
    reversing a dozen URLs on every page."""
    html = render_to_string(
        "includes/header.html", {"nav_role": nav_role, "landlord_name": landlord_name, "csrf_token": _TOKEN_SLOT}
    )
    before, _, after = html.partition(_TOKEN_SLOT)
    return before, after


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    """The site header with the navigation for the visitor's role, and their CSRF token in the sign-out form."""
    user = context.get("user")
    nav_role = user.role if user is not None and user.is_authenticated else "anonymous"
    before, after = _header_around_token(
        nav_role, settings.LANDLORD_NAME, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    )
    if not after:  # no sign-out form for an anonymous visitor: no token
        return mark_safe(before)
    return mark_safe(before + escape(str(context.get("csrf_token", ""))) + after)


@lru_cache(maxsize=16)
def _assets(template_name: str, static_url: str, storage: str) -> str:
    return render_to_string(template_name)


@register.simple_tag
def site_assets(template_name: str) -> str:
    """The stylesheets or scripts every page links to: their addresses depend only on the static files' storage
    (and, in production, its manifest, read once as the process starts), so each process draws them once."""
    return mark_safe(_assets(template_name, settings.STATIC_URL, settings.STORAGES["staticfiles"]["BACKEND"]))


@register.simple_tag
def table_rows(rows) -> str:
    """<tr> elements from rows of cells worked out by the view (residents/tables.py)."""
    return tables.table_rows(rows)
