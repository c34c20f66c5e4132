from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from residents.models import Role
from residents.permissions import can_use_admin_site, needs_mfa


class PortalAdminSite(admin.AdminSite):
    """Django admin for administrators only, behind the portal's own sign-in and two-factor check."""

    site_header = "Resident portal administration"
    site_title = "Resident portal administration"

    def has_permission(self, request):
        return can_use_admin_site(request.user, getattr(request, "session", None))

    def login(self, request, extra_context=None):
        if not request.user.is_authenticated:
            return redirect_to_login(request.GET.get("next", request.get_full_path()))
        if self.has_permission(request):
            # An administrator comes back here after signing in on the portal: send them on to the admin.
            next_url = request.GET.get("next", "")
            safe = url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
            return redirect(next_url if safe else "admin:index")
        if request.user.role == Role.ADMIN and needs_mfa(request.user, request.session):
            return redirect("mfa_activate_totp")
        raise PermissionDenied
