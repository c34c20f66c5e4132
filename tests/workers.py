"""A real Celery worker process for tests whose behaviour depends on one."""

import pytest


@pytest.fixture
def celery_worker():
    raise NotImplementedError("being written")
