from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from residents.permissions import can_use_admin_site, needs_mfa


class PortalAdminSite(admin.AdminSite):
    """Django admin for administrators only, behind the portal's own sign-in and two-factor check."""

    site_header = "Resident portal administration"
    site_title = "Resident portal administration"

    def has_permission(self, request):
        return can_use_admin_site(request.user)

    def login(self, request, extra_context=None):
        if not request.user.is_authenticated:
            return redirect_to_login(request.GET.get("next", request.get_full_path()))
        if needs_mfa(request.user):
            return redirect("mfa_activate_totp")
        raise PermissionDenied
