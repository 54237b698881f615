"""A progress bar on a management command's stderr, redrawn in place: ``[#####.....] 50/100 Patients``."""

from __future__ import annotations

WIDTH = 30


class ProgressBar:
    def __init__(self, out, label: str):
        self.out = out
        self.label = label
        self.drawn = False

    def show(self, done: int, total: int) -> None:
        filled = WIDTH * done // total if total else WIDTH
        self.out.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} {self.label}", ending="")
        self.out.flush()
        self.drawn = True

    def end(self) -> None:
        if self.drawn:
            self.out.write("")
