"""Benchmarks (run by `make bench`); they print figures and the machine, and assert nothing."""
