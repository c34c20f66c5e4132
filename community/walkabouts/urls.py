"""Walkabouts and Explorer days (included under the "community:" namespace by community/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    # Staff
    path("staff/walkabouts/", views.staff_list, name="walkabout_staff_list"),
    path("staff/walkabouts/new/", views.create, name="walkabout_create"),
    path("staff/walkabouts/<int:pk>/", views.manage, name="walkabout_manage"),
    path("staff/walkabouts/<int:pk>/edit/", views.edit, name="walkabout_edit"),
    path("staff/walkabouts/<int:pk>/add/", views.add_person, name="walkabout_add_person"),
    path(
        "staff/walkabouts/<int:pk>/people/<int:sign_up_pk>/cancel/", views.remove_person, name="walkabout_remove_person"
    ),
    path("staff/walkabouts/<int:pk>/attendance/", views.attendance, name="walkabout_attendance"),
    path("staff/walkabouts/<int:pk>/attendance/add/", views.add_on_the_day, name="walkabout_add_on_the_day"),
    path("staff/walkabouts/<int:pk>/report/", views.publish_report, name="walkabout_publish_report"),
    path("staff/walkabouts/<int:pk>/issues/new/", views.issue_new, name="walkabout_issue_new"),
    path("staff/walkabouts/<int:pk>/issues/<int:issue_pk>/", views.issue_logged, name="walkabout_issue_logged"),
    # Residents and the Board
    path("walkabouts/", views.walkabout_list, name="walkabout_list"),
    path("walkabouts/<int:pk>/", views.walkabout_detail, name="walkabout_detail"),
    path("walkabouts/<int:pk>/sign-up/", views.walkabout_sign_up, name="walkabout_sign_up"),
    path("walkabouts/<int:pk>/cancel/", views.walkabout_cancel, name="walkabout_cancel"),
    path("walkabouts/<int:pk>/calendar.ics", views.walkabout_calendar, name="walkabout_calendar"),
    path("walkabouts/<int:pk>/report/", views.walkabout_report, name="walkabout_report"),
    # Block Champions on the walk
    path("walkabouts/<int:pk>/issues/new/", views.champion_issue_new, name="walkabout_champion_issue_new"),
    path("walkabouts/<int:pk>/issues/<int:issue_pk>/", views.champion_issue, name="walkabout_champion_issue"),
]
