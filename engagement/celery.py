import os

from celery import Celery
from celery.signals import beat_init, celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engagement.settings")

app = Celery("engagement")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@celeryd_init.connect
@beat_init.connect
def _retry_publishing_outside_web_requests(**kwargs):
    """Web requests publish once (CELERY_TASK_PUBLISH_RETRY is off) so none waits on a Redis that is down; a
    worker or beat has no one waiting on it and retries a publish through a short blip instead."""
    app.conf.task_publish_retry = True
