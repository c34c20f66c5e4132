"""Filled in by the membership feature."""

urlpatterns = []
