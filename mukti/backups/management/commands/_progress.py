"""One tqdm bar per table on stderr (hidden when stderr is not a terminal)."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from tqdm import tqdm


class TableBars:
    def __init__(self, file: IO[str] | Any) -> None:
        self._file = file
        self._bar: tqdm | None = None

    def __call__(self, label: str, total: int) -> Callable[[int], object]:
        self.close()
        self._bar = tqdm(
            total=total or None, desc=label, unit="row", leave=False, disable=None, file=self._file
        )
        return self._bar.update

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
