"""Constants of time every layer counts in, defined once."""
SECONDS_PER_MINUTE = 60
MINUTES_PER_HOUR = 60
HOURS_PER_DAY = 24
DAYS_PER_WEEK = 7
MINUTES_PER_DAY = MINUTES_PER_HOUR * HOURS_PER_DAY  # 1440
SECONDS_PER_HOUR = SECONDS_PER_MINUTE * MINUTES_PER_HOUR
HOURS_PER_TYPICAL_YEAR = 8760  # a typical meteorological year: 365 days, no leap day
PROFILE_STEP_MIN = 15  # the step of the standard load profiles (BDEW H25) and of their calendar
# The calendar the engine handles (scenario dates, the EV adoption study's years).
FIRST_YEAR, LAST_YEAR = 1971, 2099
WEEKEND_FIRST_WEEKDAY = 5  # datetime.weekday(): Saturday (5) and Sunday (6) are the weekend


def is_weekend(date) -> bool:
    """True on Saturdays and Sundays (``date`` a ``datetime.date``, ``datetime`` or Timestamp)."""
    return date.weekday() >= WEEKEND_FIRST_WEEKDAY
