from django.urls import path

from . import views

urlpatterns = [
    # Public: the spaces, their calendars and calendar feeds
    path("spaces/", views.space_list, name="space_list"),
    path("spaces/<slug:slug>/", views.space_detail, name="space_detail"),
    path("spaces/<slug:slug>/calendar/", views.space_calendar, name="space_calendar"),
    path("spaces/<slug:slug>/calendar.ics", views.space_ical, name="space_ical"),
    # Asking for a booking (linked residents; staff for a group), and one's own bookings
    path("spaces/<slug:slug>/book/", views.booking_new, name="booking_new"),
    path("my/bookings/", views.my_bookings, name="my_bookings"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    # Staff
    path("staff/bookings/", views.booking_queue, name="booking_queue"),
    path("staff/bookings/<int:pk>/decide/", views.booking_decide, name="booking_decide"),
    path("staff/spaces/", views.space_manage, name="space_manage"),
    path("staff/spaces/new/", views.space_create, name="space_create"),
    path("staff/spaces/<slug:slug>/", views.space_edit, name="space_edit"),
]
