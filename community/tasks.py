"""The community app's Celery tasks, from its feature packages (Celery finds tasks in <app>/tasks.py)."""

from .fund.tasks import send_fund_report_reminders  # noqa: F401
from .walkabouts.tasks import send_walkabout_reminders  # noqa: F401
