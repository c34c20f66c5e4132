"""Meetings of panels: included by panels/urls.py under the "panels:" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    # Members and invited board members
    path("meetings/", views.my_meetings, name="my_meetings"),
    path("meetings/calendar/", views.meeting_calendar, name="meeting_calendar"),
    path("meetings/calendar/reset/", views.meeting_calendar_reset, name="meeting_calendar_reset"),
    path("meetings/calendar/<str:token>.ics", views.meeting_feed, name="meeting_feed"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/rsvp/", views.meeting_rsvp, name="meeting_rsvp"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/papers/<int:paper_pk>/", views.meeting_paper, name="meeting_paper"),
    # Staff
    path("staff/meetings/", views.staff_meeting_list, name="staff_meeting_list"),
    path("staff/meetings/new/", views.staff_meeting_create, name="staff_meeting_create"),
    path("staff/meetings/<int:pk>/", views.staff_meeting, name="staff_meeting"),
    path("staff/meetings/<int:pk>/edit/", views.staff_meeting_edit, name="staff_meeting_edit"),
    path("staff/meetings/<int:pk>/cancel/", views.staff_meeting_cancel, name="staff_meeting_cancel"),
    path("staff/meetings/<int:pk>/agenda/new/", views.staff_agenda_item_create, name="staff_agenda_item_create"),
    path("staff/meetings/<int:pk>/agenda/<int:item_pk>/", views.staff_agenda_item_edit, name="staff_agenda_item_edit"),
    path(
        "staff/meetings/<int:pk>/agenda/<int:item_pk>/move/",
        views.staff_agenda_item_move,
        name="staff_agenda_item_move",
    ),
    path(
        "staff/meetings/<int:pk>/agenda/<int:item_pk>/delete/",
        views.staff_agenda_item_delete,
        name="staff_agenda_item_delete",
    ),
    path("staff/meetings/<int:pk>/papers/new/", views.staff_paper_create, name="staff_paper_create"),
    path("staff/meetings/<int:pk>/papers/<int:paper_pk>/delete/", views.staff_paper_delete, name="staff_paper_delete"),
    path("staff/meetings/<int:pk>/board/new/", views.staff_invitation_create, name="staff_invitation_create"),
    path(
        "staff/meetings/<int:pk>/board/<int:invitation_pk>/delete/",
        views.staff_invitation_delete,
        name="staff_invitation_delete",
    ),
    path("staff/meetings/<int:pk>/attendance/", views.staff_attendance, name="staff_attendance"),
    path("staff/meetings/<int:pk>/minutes/", views.staff_minutes, name="staff_minutes"),
    path("staff/meetings/<int:pk>/minutes/publish/", views.staff_minutes_publish, name="staff_minutes_publish"),
    path("staff/meetings/<int:pk>/actions/new/", views.staff_action_create, name="staff_action_create"),
    path("staff/meetings/<int:pk>/actions/<int:action_pk>/", views.staff_action_edit, name="staff_action_edit"),
]
