"""The one date <-> yyyymmdd conversion (pycli.dates) at its edges."""

from __future__ import annotations

import datetime as dt

import pytest

from pycli import dates


@pytest.mark.parametrize("day,number", [
    (dt.date(2025, 3, 1), 20250301),
    (dt.date(2024, 12, 31), 20241231),   # month and day both two digits
    (dt.date(2024, 2, 29), 20240229),    # leap day
    (dt.date(1, 1, 1), 10101),
])
def test_a_day_and_its_number_go_both_ways(day: dt.date, number: int) -> None:
    assert dates.to_number(day) == number
    assert dates.to_symbol(day).number == number
    assert dates.from_number(number) == day
    assert dates.iso_of_number(number) == day.isoformat()


def test_earlier_days_are_smaller_numbers() -> None:
    days = [dt.date(2024, 12, 31), dt.date(2025, 1, 1), dt.date(2025, 1, 2), dt.date(2025, 10, 1)]
    assert [dates.to_number(d) for d in days] == sorted(dates.to_number(d) for d in days)


def test_a_number_naming_no_day_is_refused() -> None:
    with pytest.raises(ValueError):
        dates.from_number(20250230)
