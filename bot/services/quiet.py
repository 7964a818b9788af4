"""Anti over-solicitation: quiet hours and days, in the network's time zone (SPEC §3.6)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from config.layout import WEEKDAYS, Policy


def _local(moment: datetime, policy: Policy) -> datetime:
    return moment.astimezone(ZoneInfo(policy.timezone))


def is_quiet(moment: datetime, policy: Policy) -> bool:
    local = _local(moment, policy)
    if WEEKDAYS[local.weekday()] in policy.quiet_days:
        return True
    return policy.quiet_hours.contains(local.time())


def next_open(moment: datetime, policy: Policy) -> datetime:
    """The first moment at or after ``moment`` that is outside quiet hours and days."""
    local = _local(moment, policy)
    if not is_quiet(local, policy):
        return moment
    zone = ZoneInfo(policy.timezone)
    end = policy.quiet_hours.end
    for days in range(0, 9):
        day = (local + timedelta(days=days)).date()
        candidate = datetime.combine(day, end, tzinfo=zone)
        if candidate >= local and not is_quiet(candidate, policy):
            return candidate
    return moment + timedelta(days=1)


def start_of_local_day(moment: datetime, policy: Policy) -> datetime:
    local = _local(moment, policy)
    return datetime.combine(local.date(), time(0, 0), tzinfo=local.tzinfo)
