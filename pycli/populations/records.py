"""A batch record sealed with a digest when written, and verified whole when read back.

``--resume`` skips the applicants RESULTS already holds, so a record read back decides
that an applicant is never evaluated again.  A record counts only if it has every field
its kind needs (an outcome: total, proven, awards; an error: its message and status)
and its ``digest`` (SHA-256 of the rest, as canonical JSON) matches: a line edited, cut
or written by something else is redone, never trusted.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

#: Every record's fields, and those of each kind, with the type each must have.
COMMON = {"key": str, "source": str}
OUTCOME = {"applicant": str, "district": str, "pilot_zone": bool, "evaluation_date": str, "total": int,
           "optimal": bool, "awards": list}
ERROR = {"error": str, "exit_status": int}


def digest(record: dict[str, Any]) -> str:
    """The digest of a record's fields other than ``digest`` (canonical: keys sorted, ASCII)."""
    body = {name: value for name, value in record.items() if name != "digest"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def seal(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its digest, as the last field."""
    return {**record, "digest": digest(record)}


def _typed(record: dict[str, Any], fields: dict[str, type]) -> bool:
    # bool is an int in Python: a total of `true` is not a total.
    return all(name in record and isinstance(record[name], kind)
               and (kind is bool or not isinstance(record[name], bool)) for name, kind in fields.items())


def complete(record: Any) -> bool:
    """True if ``record`` is a whole record as a batch writes it, digest included."""
    if not isinstance(record, dict) or "reform" not in record or not _typed(record, COMMON):
        return False
    if not (_typed(record, ERROR) or _typed(record, OUTCOME)):
        return False
    return record.get("digest") == digest(record)
