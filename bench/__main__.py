"""Run a benchmark: ``python -m bench cases [--cases 100000] [--database sqlite|postgres]``."""

from __future__ import annotations

import argparse
import sys

from bench import cases


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="name", required=True)
    cases.add_arguments(sub.add_parser("cases", help=cases.__doc__))
    args = parser.parse_args()
    if args.name == "cases":
        sys.exit(cases.run(args))


if __name__ == "__main__":
    main()
