"""Filled in by the walkabouts feature."""

urlpatterns = []
