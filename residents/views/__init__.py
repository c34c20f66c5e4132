"""Views by topic; residents/urls.py names each module."""
