"""Loaded first (pyproject addopts `-p tests.parallel`), before Django's settings are read.

`make test` runs the suite in several processes (pytest-xdist). Each has its own test database (pytest-django
names it test_<name>_gw0, _gw1, ...); here each also gets its own Celery queue and cache key prefix, so one
process's Celery worker never takes another's tasks and one process clearing its cache (the portal's clear()
deletes only keys under its prefix) never empties another's. Run with plain `pytest`, nothing changes.
"""

import os

os.environ.setdefault("CELERY_QUEUE", "engagement-test")
os.environ.setdefault("CACHE_KEY_PREFIX", "engagement-test")

if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    for name in ("CELERY_QUEUE", "CACHE_KEY_PREFIX"):
        os.environ[name] = f"{os.environ[name]}-{worker}"
