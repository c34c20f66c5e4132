"""Views by topic; surveys/urls.py names each module."""
