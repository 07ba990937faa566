"""The United Kingdom's bank holidays, for a period whose working days exclude a bank
holiday in any part of it (the procurement standstill, accord.rules.procurement)."""

import datetime

from accord.calendar.working_days import (
    WorkingDays,
    bank_holidays,
    united_kingdom_bank_holidays,
)

D = datetime.date


def test_scotlands_and_northern_irelands_days_are_added_to_england_and_waless():
    uk = united_kingdom_bank_holidays(2008)
    assert bank_holidays(2008) <= uk
    # 2 January and the first Monday of August (Scotland), St Patrick's Day and the
    # Battle of the Boyne (Northern Ireland; 12 July 2008 a Saturday: Monday 14th), and
    # St Andrew's Day (30 November 2008 a Sunday: Monday 1 December).
    assert sorted(uk - bank_holidays(2008)) == [
        D(2008, 1, 2), D(2008, 3, 17), D(2008, 7, 14), D(2008, 8, 4), D(2008, 12, 1),
    ]  # fmt: skip


def test_a_standstill_calendar_closes_scotlands_2_january():
    england = WorkingDays(with_closures=False)
    kingdom = WorkingDays(with_closures=False, holidays="united-kingdom")
    assert england.is_working_day(D(2026, 1, 2))
    assert not kingdom.is_working_day(D(2026, 1, 2))
    assert kingdom.after(D(2025, 12, 31), 1) == D(2026, 1, 5)
