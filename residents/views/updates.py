""" "You said, we did": staff pages, and the public list, entry, photo and Atom feed.

Being written: every view below answers 404 until it is built."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


staff_list = _todo
create = _todo
edit = _todo
schedule = _todo
unschedule = _todo
withdraw = _todo
public_list = _todo
detail = _todo
photo = _todo


def AtomFeed():  # noqa: N802
    return _todo
