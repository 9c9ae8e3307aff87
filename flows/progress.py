"""A progress bar on stderr, by bytes read, for long runs on a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn,
                           TransferSpeedColumn)


class ByteProgress:
    """Bytes read of the inputs' total, and documents cleaned so far."""

    def __init__(self, total_bytes: int, enabled: bool = True):
        console = Console(stderr=True)
        self._progress = Progress(
            TextColumn("cleaning"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
            TextColumn("{task.fields[docs]:,} docs"), TimeElapsedColumn(),
            console=console, disable=not (enabled and console.is_terminal), transient=True)
        self._task = self._progress.add_task("read", total=total_bytes, docs=0)
        self._docs = 0

    def __enter__(self) -> "ByteProgress":
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()

    def advance(self, n_bytes: int) -> None:
        self._progress.advance(self._task, n_bytes)

    def documents(self, n: int) -> None:
        self._docs += n
        self._progress.update(self._task, docs=self._docs)
