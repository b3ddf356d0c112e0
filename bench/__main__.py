"""Server time of qms pages over synthetic data, suite by suite.

    python -m bench [SUITE ...] [--repeat N] [--documents N] [--people N] [--events N]
                    [--timeout SECONDS] [--budget SECONDS]

SUITE is one of: org, documents, reviews, pages, load (default: all of them, in that
order). Each
suite builds its own throwaway database (SQLite; pages also PostgreSQL), requests every page
in-process (Flask test client) once untimed and then --repeat times, and prints p50 and p95 in
milliseconds with the target the issue sets for it and PASS or MISS against that target (on
p95). Benchmarks print; they never assert. See bench/README.md.
"""

from __future__ import annotations

import argparse
import time

from bench import documents, load, org, pages, reviews
from bench.common import Report
from bench.machine import describe, load_average

SUITES = {"org": org, "documents": documents, "reviews": reviews, "pages": pages,
          "load": load}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("suites", nargs="*", metavar="SUITE",
                        help=f"suites to run: {', '.join(SUITES)} (default: all)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per row")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="interrupt a request still in SQLite after this long (a MISS)")
    parser.add_argument("--budget", type=float, default=20.0, metavar="SECONDS",
                        help="stop timing a row once its requests took this long in total")
    for suite in SUITES.values():
        suite.add_arguments(parser)
    args = parser.parse_args()
    unknown = [s for s in args.suites if s not in SUITES]
    if unknown:
        parser.error(f"unknown suite {', '.join(unknown)}; choose from {', '.join(SUITES)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    chosen = list(dict.fromkeys(args.suites)) or list(SUITES)

    began = time.perf_counter()
    report = Report()
    report.note(f"machine: {describe()}")
    report.note(f"method: in-process server time (Flask test client); per row 1 untimed "
                f"request, then {args.repeat} timed ones (fewer once a row has taken "
                f"{args.budget:g} s; a request interrupted after {args.timeout:g} s is a timeout); "
                f"result compares p95 with the target; cpu p95: CPU time of the same requests")
    for name in chosen:
        suite_began = time.perf_counter()
        SUITES[name].run(args, report)
        report.note(f"[{name}] {time.perf_counter() - suite_began:.0f} s in all")
    report.summary()
    report.note(f"total run time {time.perf_counter() - began:.0f} s{load_average(' at the end')}")


if __name__ == "__main__":
    main()
