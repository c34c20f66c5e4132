"""Panels and their membership: the public pages, a resident's applications, and staff running the panels."""

from django.urls import path

from . import views

urlpatterns = [
    # Public (no login)
    path("panels/", views.panel_list, name="panel_list"),
    path("panels/<slug:slug>/", views.panel_detail, name="panel_detail"),
    # Residents
    path("panels/<slug:slug>/apply/", views.apply, name="apply"),
    path("my/panels/", views.my_panels, name="my_panels"),
    path("my/panels/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("my/panels/<int:pk>/step-down/", views.step_down, name="step_down"),
    path("my/panels/<int:pk>/public-name/", views.public_name, name="public_name"),
    # Staff
    path("staff/panels/", views.staff_panel_list, name="staff_panel_list"),
    path("staff/panels/new/", views.panel_create, name="panel_create"),
    path("staff/panels/terms-ending/", views.terms_ending, name="terms_ending"),
    path("staff/panels/<slug:slug>/", views.staff_panel, name="staff_panel"),
    path("staff/panels/<slug:slug>/edit/", views.panel_edit, name="panel_edit"),
    path("staff/panels/<slug:slug>/make-up/", views.panel_makeup, name="panel_makeup"),
    path("staff/panels/<slug:slug>/memberships/<int:pk>/", views.membership_detail, name="membership_detail"),
    path("staff/panels/<slug:slug>/memberships/<int:pk>/accept/", views.membership_accept, name="membership_accept"),
    path("staff/panels/<slug:slug>/memberships/<int:pk>/decline/", views.membership_decline, name="membership_decline"),
    path("staff/panels/<slug:slug>/memberships/<int:pk>/change/", views.membership_change, name="membership_change"),
    path("staff/panels/<slug:slug>/memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
]
