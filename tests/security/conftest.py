"""The figures of the crash test are printed with the fuzz figures (tests/fuzz/tally.py)."""

from tests.fuzz.conftest import pytest_terminal_summary  # noqa: F401
