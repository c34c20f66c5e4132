from django.contrib import admin
from django.urls import include, path

from . import performance, views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("healthz", views.healthz, name="healthz"),
    path("board/", views.board_home, name="board_home"),
    path("performance/", performance.performance, name="performance"),
    path("performance/tsm.csv", performance.performance_csv, name="performance_csv"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("residents.urls")),
    path("", include("surveys.urls")),
    path("", include("panels.urls")),
    path("", include("community.urls")),
]
