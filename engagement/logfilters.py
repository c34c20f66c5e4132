"""Logging filters for the portal's log."""

import logging


class RefusalsInOneLine(logging.Filter):
    """Django logs a refused request (PermissionDenied, Http404, a suspicious request) with the exception's
    traceback. Refusing is the portal working as meant, and a session of wrong-role clicks filled the log with
    tracebacks that hid the real errors: a record about a response under 500 keeps its one line and drops the
    traceback. Records about server errors (500) are left alone."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
