"""Decisions and the resident voice: staff record decisions with the resident input that informed them."""

from django.urls import path  # noqa: F401

app_name = "decisions"

urlpatterns: list = []
