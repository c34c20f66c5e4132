from django.contrib import admin

from .models import Membership, Panel


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "accepting_applications", "is_active"]
    list_filter = ["kind", "is_active", "accepting_applications"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """For putting a record right: staff decide applications on the portal's own pages, which email residents."""

    list_display = ["resident", "panel", "status", "role", "term_starts", "term_ends"]
    list_filter = ["panel", "status", "role"]
    search_fields = ["resident__first_name", "resident__last_name", "resident__resident_reference"]
    raw_id_fields = ["resident", "decided_by"]
    list_select_related = ["resident", "panel"]
