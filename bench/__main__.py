"""Run a benchmark: ``python -m bench cases|clocks [--cases N] [--database sqlite|postgres]``
or ``python -m bench extract [--split dev|held_out|both] [--show]``
or ``python -m bench reports [--events 2000] [--requests 10]``
or ``python -m bench http [--users 50] [--seconds 60] [--cases N] [--database postgres|sqlite]``
or ``python -m bench exports [--cases 10000] [--database sqlite|postgres]``
or ``python -m bench names [--people 10000] [--survivors 100000] [--database sqlite|postgres]``
or ``python -m bench writes [--cases 2000] [--only form|entry] [--profile 30]``."""

from __future__ import annotations

import argparse
import sys

from bench import cases, clocks, exports, extract, http, names, reports, writes


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="name", required=True)
    cases.add_arguments(sub.add_parser("cases", help=cases.__doc__))
    clocks.add_arguments(sub.add_parser("clocks", help=clocks.__doc__))
    extract.add_arguments(sub.add_parser("extract", help=extract.__doc__))
    reports.add_arguments(sub.add_parser("reports", help=reports.__doc__))
    http.add_arguments(sub.add_parser("http", help=http.__doc__))
    exports.add_arguments(sub.add_parser("exports", help=exports.__doc__))
    names.add_arguments(sub.add_parser("names", help=names.__doc__))
    writes.add_arguments(sub.add_parser("writes", help=writes.__doc__))
    args = parser.parse_args()
    runs = {
        "cases": cases.run,
        "clocks": clocks.run,
        "extract": extract.run,
        "reports": reports.run,
        "http": http.run,
        "exports": exports.run,
        "names": names.run,
        "writes": writes.run,
    }
    sys.exit(runs[args.name](args))


if __name__ == "__main__":
    main()
