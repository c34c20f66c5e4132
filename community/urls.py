from django.urls import include, path

from . import views

app_name = "community"

# Each feature of the app has its own URL module; they share the "community:" namespace.
urlpatterns = [
    path("staff/community/", views.staff_home, name="staff_home"),
    path("", include("community.walkabouts.urls")),
    path("", include("community.spaces.urls")),
    path("", include("community.plans.urls")),
    path("", include("community.fund.urls")),
    path("", include("community.events.urls")),
    path("", include("community.champions.urls")),
]
