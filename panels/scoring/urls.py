"""Option scoring (under the "panels:" namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("panels/<slug:slug>/scoring/", views.round_list, name="round_list"),
    path("panels/<slug:slug>/scoring/new/", views.round_create, name="round_create"),
    path("scoring/<int:pk>/", views.round_detail, name="round_detail"),
    path("scoring/<int:pk>/criteria/", views.criterion_create, name="criterion_create"),
    path("scoring/<int:pk>/options/", views.option_create, name="option_create"),
    path("scoring/<int:pk>/open/", views.round_open, name="round_open"),
    path("scoring/<int:pk>/close/", views.round_close, name="round_close"),
    path("scoring/options/<int:pk>/score/", views.option_score, name="option_score"),
    path("scoring/options/<int:pk>/conflict/", views.option_conflict, name="option_conflict"),
]
