"""Filled in by the Community Fund feature."""

urlpatterns = []
