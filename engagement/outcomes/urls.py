"""The outcomes framework: the four outcomes, their indicators and targets."""

from django.urls import path  # noqa: F401

app_name = "outcomes"

urlpatterns: list = []
