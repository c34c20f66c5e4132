"""Views by topic; surveys/urls.py names each module."""


def posted(request):
    """The form data of a POST, even an empty one (`request.POST or None` would show an empty form again as if
    new, without a word); None for a GET."""
    return request.POST if request.method == "POST" else None
