"""Decisions and the resident voice: staff record decisions with the resident input that informed them."""

from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("decisions/", views.public_list, name="public_list"),
    path("decisions/<int:pk>/", views.public_detail, name="public_detail"),
    path("staff/decisions/", views.staff_list, name="staff_list"),
    path("staff/decisions/new/", views.create, name="create"),
    path("staff/decisions/<int:pk>/", views.detail, name="detail"),
    path("staff/decisions/<int:pk>/edit/", views.edit, name="edit"),
    path("staff/decisions/<int:pk>/inputs/", views.cite, name="cite"),
    path("staff/decisions/<int:pk>/inputs/<int:source_pk>/remove/", views.uncite, name="uncite"),
    path("staff/decisions/<int:pk>/draft/", views.back_to_draft, name="back_to_draft"),
    path("staff/decisions/<int:pk>/publish/", views.publish, name="publish"),
    path("staff/decisions/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
