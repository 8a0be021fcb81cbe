#!/usr/bin/env python
"""Django's usual entry point; ``mukti`` (see mukti/cli.py) is the same with friendlier errors."""

from mukti.cli import main

if __name__ == "__main__":
    main()
