"""Calendar dates to and from the knowledge base's ``yyyymmdd`` day numbers.

The knowledge base compares days as whole numbers (``as_of(20250301)``, reform dates,
validity windows), so that an earlier day is a smaller number; this is the one place
that turns a date into that number and back.
"""

from __future__ import annotations

import datetime as dt

from clingo import Number, Symbol


def to_number(day: dt.date) -> int:
    """The ``yyyymmdd`` number of a date: 2025-03-01 is 20250301."""
    return day.year * 10000 + day.month * 100 + day.day


def to_symbol(day: dt.date) -> Symbol:
    """The day number of a date as a clingo term."""
    return Number(to_number(day))


def from_number(number: int) -> dt.date:
    """The date of a ``yyyymmdd`` number (ValueError if it names no real day)."""
    return dt.date(number // 10000, number // 100 % 100, number % 100)


def iso_of_number(number: int) -> str:
    """The ``YYYY-MM-DD`` text of a ``yyyymmdd`` number."""
    return from_number(number).isoformat()
