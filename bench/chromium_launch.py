"""How the tests (tests/conftest.py) and the benchmark (bench.py) start headless Chromium: Debian's
chromium package, driven by Playwright with ``executable_path``, and the one set of flags both use,
so that the browser the tests check is the one the benchmark measures."""

from __future__ import annotations

import os
import shutil

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# No sandbox (containers run as root), no GPU; nothing that talks to Google's servers in the
# background (QUIC, component updates, sync), which would slow or disturb a measurement; /tmp
# instead of a small /dev/shm.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
