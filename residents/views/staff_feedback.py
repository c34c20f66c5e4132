"""The staff feedback queue, items, complaints (two stages) and hazards with their clocks.

Being written: every view below answers 404 until it is built."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


queue = _todo
item = _todo
assign = _todo
status = _todo
reply = _todo
note = _todo
complaint_action = _todo
hazard_action = _todo
hazards = _todo
