from django.urls import include, path

app_name = "panels"

# Each feature of the app has its own URL module; they share the "panels:" namespace.
urlpatterns = [
    path("", include("panels.membership.urls")),
    path("", include("panels.meetings.urls")),
    path("", include("panels.scrutiny.urls")),
    path("", include("panels.scoring.urls")),
]
