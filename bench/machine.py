"""What the figures were measured on."""

from __future__ import annotations

import os
import platform
import sqlite3


def describe() -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            kb = int(handle.readline().split()[1])
        memory = f", {kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{platform.machine()}, {os.cpu_count()} cores{memory}, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
            f"{load_average(' at start')}")


def load_average(when: str) -> str:
    """Other work on the machine inflates p95 above all: say how busy it was."""
    try:
        return f", load average {os.getloadavg()[0]:.2f}{when}"
    except (AttributeError, OSError):
        return ""
