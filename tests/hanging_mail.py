"""The stand-in email provider (Django's file-based backend), made to stop at a known point: once a worker
process has handed it MAIL_HANG_AFTER messages, it waits before taking the next for as long as the file
MAIL_HANG_FLAG exists, and says so by creating MAIL_HANG_FLAG + ".waiting". A test can then kill the worker in
the middle of a batch, between two messages, and know exactly which messages had gone."""

import os
import time
from pathlib import Path

from django.core.mail.backends import filebased

_handed_over = 0


class EmailBackend(filebased.EmailBackend):
    def send_messages(self, email_messages):
        global _handed_over
        sent = 0
        for message in email_messages:
            self._wait_if_told()
            sent += super().send_messages([message])
            _handed_over += 1
        return sent

    @staticmethod
    def _wait_if_told() -> None:
        flag = os.environ.get("MAIL_HANG_FLAG")
        if not flag or _handed_over < int(os.environ.get("MAIL_HANG_AFTER", "0")):
            return
        flag_path = Path(flag)
        if flag_path.exists():
            Path(flag + ".waiting").touch()
        while flag_path.exists():
            time.sleep(0.05)
