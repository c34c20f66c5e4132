"""The community app's Celery tasks: Celery's autodiscovery imports <app>.tasks, so each feature's tasks module is
imported here for the workers to know its tasks (their names keep the feature's module path)."""

from .champions.tasks import send_champion_digests  # noqa: F401
from .events.tasks import send_event_reminders  # noqa: F401
from .fund.tasks import send_fund_report_reminders  # noqa: F401
from .plans.tasks import send_plan_progress_emails  # noqa: F401
from .walkabouts.tasks import send_walkabout_reminders  # noqa: F401
