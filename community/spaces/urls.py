"""Filled in by the spaces feature."""

urlpatterns = []
