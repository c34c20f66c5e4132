"""Filled in by the scrutiny feature."""

urlpatterns = []
