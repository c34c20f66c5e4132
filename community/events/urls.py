from django.urls import path

from . import views

urlpatterns = [
    # Public: events and focus groups to come
    path("events/", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event_ics"),
    # A linked resident signs up or gives up their place
    path("events/<int:pk>/sign-up/", views.event_sign_up, name="event_sign_up"),
    path("events/<int:pk>/leave/", views.event_leave, name="event_leave"),
    path("my/events/", views.my_events, name="my_events"),
    # Staff
    path("staff/events/", views.event_manage, name="event_manage"),
    path("staff/events/new/", views.event_create, name="event_create"),
    path("staff/events/<int:pk>/", views.event_edit, name="event_edit"),
    path("staff/events/<int:pk>/people/", views.event_attendance, name="event_attendance"),
    path("staff/events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
]
