from django.contrib import admin

from .feedback.models import Feedback
from .outbox.models import OutboundEmail
from .people.models import Block, Home, Neighbourhood, RegisterImport, Resident, User
from .updates import services as updates
from .updates.models import YouSaidWeDid


class ShownOnPublicPages:
    """For models the cached public "You said, we did" pages show: a change here does not go through the
    services, so it starts a new version of those pages itself."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # after save_model: the row and its links
        updates.forget_public_pages()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        updates.forget_public_pages()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        updates.forget_public_pages()


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "role", "is_active", "date_joined"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    fields = ["email", "full_name", "role", "is_active", "date_joined", "last_login"]
    readonly_fields = ["date_joined", "last_login"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(ShownOnPublicPages, admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["name", "neighbourhood"]
    list_filter = ["neighbourhood"]
    search_fields = ["name"]


@admin.register(Home)
class HomeAdmin(admin.ModelAdmin):
    list_display = ["property_reference", "address_line_1", "postcode", "tenure"]
    list_filter = ["tenure"]
    search_fields = ["property_reference", "postcode", "address_line_1"]
    raw_id_fields = ["block"]


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ["resident_reference", "last_name", "first_name", "tenancy_reference"]
    search_fields = ["resident_reference", "tenancy_reference", "last_name"]
    raw_id_fields = ["home", "user"]


@admin.register(RegisterImport)
class RegisterImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "status", "total_rows", "created_at"]
    exclude = ["content"]
    readonly_fields = [
        "uploaded_by",
        "filename",
        "status",
        "total_rows",
        "errors",
        "summary",
        "started_at",
        "finished_at",
    ]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["reference", "kind", "category", "status", "hazard_review", "created_at"]
    list_filter = ["status", "kind", "category", "hazard_review"]
    raw_id_fields = ["resident", "logged_by", "assignee", "home", "block", "neighbourhood"]
    readonly_fields = ["created_at", "updated_at", "closed_at", "next_due_at"]


@admin.register(YouSaidWeDid)
class YouSaidWeDidAdmin(ShownOnPublicPages, admin.ModelAdmin):
    list_display = ["title", "status", "publish_at", "published_at", "voices"]
    list_filter = ["status", "topic"]
    readonly_fields = ["published_at", "withdrawn_at", "voices"]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """To see what went out and what is stuck; the relay does the sending."""

    list_display = ["key", "to", "subject", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["key", "to"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
