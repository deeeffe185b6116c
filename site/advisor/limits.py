"""Daily limits per organisation, counted by `core.ratelimit.over_limit`."""

RATINGS_PER_DAY_PER_ORGANISATION = 30
INTRODUCTIONS_PER_DAY_PER_ORGANISATION = 10
REPORTS_PER_DAY_PER_ORGANISATION = 20
