from django.contrib import admin
from django.urls import include, path

from . import performance, views
from .board import views as board

urlpatterns = [
    path("", views.landing, name="landing"),
    path("healthz", views.healthz, name="healthz"),
    path("board/", board.board_home, name="board_home"),
    path("board/pack/", board.board_pack, name="board_pack"),
    path("board/tables/<slug:slug>.csv", board.board_csv, name="board_csv"),
    path("performance/", performance.performance, name="performance"),
    path("performance/tsm.csv", performance.performance_csv, name="performance_csv"),
    path("performance/figures/<slug:slug>.csv", performance.performance_table_csv, name="performance_table_csv"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("residents.urls")),
    path("", include("surveys.urls")),
    path("", include("panels.urls")),
    path("", include("community.urls")),
    path("", include("engagement.decisions.urls")),
    path("", include("engagement.outcomes.urls")),
]
