from django.contrib import admin

from .models import Block, Home, Neighbourhood, RegisterImport, Resident, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "role", "is_active", "date_joined"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    fields = ["email", "full_name", "role", "is_active", "date_joined", "last_login"]
    readonly_fields = ["date_joined", "last_login"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
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
