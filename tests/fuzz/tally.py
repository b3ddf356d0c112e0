"""Counters for the closing figures: cases tried and cases that got through (a 500, a stack
trace, or a half-written change), printed at the end of the run by conftest.py."""

from collections import Counter

tried: Counter = Counter()
got_through: Counter = Counter()
applied: Counter = Counter()  # cases that were valid and imported completely
printed: list = []
