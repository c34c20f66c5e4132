"""Filled in by the plans feature."""

urlpatterns = []
