"""One applicant of a population as read, and the keys that name applicants uniquely."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The longest name used as a key; longer (or unprintable) names fall back to the position.
MAX_KEY = 200


@dataclass(frozen=True)
class Entry:
    """One applicant of the input, as read; picklable, so it can go to a worker process."""

    index: int
    key: str
    source: str
    data: Any = None
    path: str | None = None
    problem: str | None = None
    #: Field (top-level name or ``list[i]``) -> source naming its CSV row, for messages.
    locations: tuple[tuple[str, str], ...] = ()


class Keys:
    """Hands out keys that are unique in the input, the same on every read of it."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def claim(self, wanted: Any, fallback: str) -> str:
        """``wanted`` (a name) if it is usable and free, else ``name (fallback)`` or ``fallback``."""
        usable = isinstance(wanted, str) and 0 < len(wanted.strip()) and len(wanted) <= MAX_KEY \
            and wanted.isprintable()
        candidates = [wanted, f"{wanted} ({fallback})"] if usable else [fallback]
        key = next((c for c in candidates if c not in self.used), None)
        suffix = 2
        while key is None or key in self.used:  # only if names imitate positions: stay unique
            key = f"{candidates[-1]} #{suffix}"
            suffix += 1
        self.used.add(key)
        return key
