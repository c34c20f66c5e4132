"""The outcomes framework: the four outcomes, their indicators and targets."""

from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("outcomes/", views.outcome_list, name="outcome_list"),
    path("outcomes/<slug:outcome>/", views.outcome_detail, name="outcome_detail"),
    path("outcomes/<slug:outcome>/indicators/add/", views.indicator_add, name="indicator_add"),
    path("outcomes/indicators/<int:pk>/change/", views.indicator_change, name="indicator_change"),
    path("outcomes/indicators/<int:pk>/remove/", views.indicator_remove, name="indicator_remove"),
]
