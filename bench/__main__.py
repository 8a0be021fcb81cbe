"""Run a benchmark: ``python -m bench cases [--cases 100000] [--database sqlite|postgres]`` or
``python -m bench extract [--split dev|held_out|both] [--show]``."""

from __future__ import annotations

import argparse
import sys

from bench import cases, extract


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="name", required=True)
    cases.add_arguments(sub.add_parser("cases", help=cases.__doc__))
    extract.add_arguments(sub.add_parser("extract", help=extract.__doc__))
    args = parser.parse_args()
    if args.name == "cases":
        sys.exit(cases.run(args))
    if args.name == "extract":
        sys.exit(extract.run(args))


if __name__ == "__main__":
    main()
