"""Feedback from residents (or logged by staff for them) with photos, the staff queue, complaints under the
Complaint Handling Code and hazards with the Awaab's Law clocks, counted in working days (timescales.py holds the
regulator's timescales, workdays.py the calendar, deadlines.py how a deadline is shown). Stands on people."""
