"""The base of every Celery task in the portal (residents is the lowest layer, so every app can use it).

- Queued after commit: a task queued inside a transaction is sent to the broker only once that transaction
  commits, and never if it rolls back. A worker that started at once would not find the rows the task is
  about (not committed yet), or would act on rows that are then rolled back.
- Never failing the request that queued it: if the broker cannot be reached when the transaction commits,
  the send logs one warning and gives up, and the request goes on (see PortalTask for what that asks of
  every task).
- Retried on connection errors: when PostgreSQL, Redis or the broker cannot be reached for a moment, or the
  database gives up on a statement it may run again (a deadlock), the task runs again a few seconds later,
  waiting about twice as long each time (with jitter, so workers do not all come back at once), at most
  MAX_RETRIES times. Every task is safe to run twice, so running one again is never harmful.
- Time limits: CELERY_TASK_SOFT_TIME_LIMIT raises SoftTimeLimitExceeded in the task, so it rolls back what it
  was doing; CELERY_TASK_TIME_LIMIT then kills the worker process. Both stay under the broker's visibility
  timeout, so a stuck task is stopped before Redis hands its message to another worker. A task that needs
  longer (a register import) sets its own limits. The prefork pool enforces them; the solo pool cannot.
"""

import logging
from functools import partial

import kombu.exceptions
import redis.exceptions
from celery import Task
from django.db import InterfaceError, OperationalError, transaction

logger = logging.getLogger(__name__)

CONNECTION_ERRORS = (
    OperationalError,  # PostgreSQL unreachable, the connection dropped, a deadlock
    InterfaceError,
    redis.exceptions.ConnectionError,  # the cache (progress, rate limits)
    redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,  # the broker, when a task queues another
    ConnectionError,  # any other socket that was refused or reset
    TimeoutError,
)
# What publishing a task raises when Redis is down or refuses the connection (OSError: any socket error).
BROKER_UNREACHABLE = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
)
MAX_RETRIES = 5


class PortalTask(Task):
    """Use as @shared_task(base=PortalTask).

    A task queued in a transaction (or through apply_async_on_commit) that cannot reach the broker once the
    transaction commits is not sent: one warning is logged and the caller goes on, since what it wrote is
    committed already. So the rule for every task queued from a request: its work is in the database, and a
    periodic task (CELERY_BEAT_SCHEDULE) finds it there and does it later: relay_outbox for email,
    send_pending_invitations for survey invitations, resume_register_imports for register imports.
    """

    autoretry_for = CONNECTION_ERRORS
    max_retries = MAX_RETRIES
    retry_backoff = 2  # seconds before the first retry, then 4, 8, 16, 32 (each a random part of it)
    retry_backoff_max = 300
    retry_jitter = True

    def apply_async(self, args=None, kwargs=None, **options):
        if transaction.get_connection().in_atomic_block:
            # Returns None, not an AsyncResult: the portal keeps no task results (CELERY_RESULT_BACKEND).
            self.apply_async_on_commit(args, kwargs, **options)
            return None
        return super().apply_async(args, kwargs, **options)

    def apply_async_on_commit(self, args=None, kwargs=None, **options) -> None:
        """Send once the caller's transaction commits (at once outside one), never failing the caller: a
        broker that cannot be reached is logged and left to the periodic task that finds the work."""
        transaction.on_commit(partial(self._send_or_leave_for_beat, args, kwargs, options))

    def _send_or_leave_for_beat(self, args, kwargs, options) -> None:
        try:
            super().apply_async(args, kwargs, **options)
        except BROKER_UNREACHABLE as error:
            logger.warning(
                "Could not reach the task broker to queue %s (args %s, kwargs %s): %s: %s; "
                "a periodic task picks its work up from the database",
                self.name,
                list(args or ()),
                kwargs or {},
                type(error).__name__,
                error,
            )

    def time_budget(self) -> float:
        """Seconds a task that works in batches may go on starting new ones: half its soft time limit, so
        the limit does not interrupt it half-way through one."""
        limit = self.soft_time_limit or self.app.conf.task_soft_time_limit or self.app.conf.task_time_limit
        return limit / 2 if limit else float("inf")
