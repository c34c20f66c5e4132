"""A resident's own feedback, photos, and staff logging feedback for a resident.

Being written: every view below answers 404 until it is built."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


my_feedback = _todo
feedback_new = _todo
feedback_detail = _todo
feedback_photo = _todo
staff_log_feedback = _todo
