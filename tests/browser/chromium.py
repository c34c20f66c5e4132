"""Debian's Chromium for the browser tests: `ensure` installs it when missing (root with apt), `notice` says
loudly at the end of `make test` when the browser tests could not run. With CI=true a missing browser fails."""

import os
import shutil
import subprocess
import sys

CHROMIUM = "/usr/bin/chromium"


def ensure() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's chromium for the browser tests...", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, check=False)
    return 0


def notice() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    banner = "!" * 78
    print(f"\n{banner}\n  BROWSER TESTS DID NOT RUN: no Chromium at {CHROMIUM}.")
    print("  Install it with: sudo apt-get install chromium   (Debian/Ubuntu), then run `make test` again.")
    print(f"  Accessibility (axe) scans and user journeys were NOT checked.\n{banner}\n")
    return 1 if os.environ.get("CI", "").lower() == "true" else 0


if __name__ == "__main__":
    sys.exit({"ensure": ensure, "notice": notice}[sys.argv[1]]())
