"""Filled in by the meetings feature."""

urlpatterns = []
