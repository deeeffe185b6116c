"""Daily limits per organisation, counted like the platform's (members.limits)."""

RATINGS_PER_DAY_PER_ORGANISATION = 30
INTRODUCTIONS_PER_DAY_PER_ORGANISATION = 10
REPORTS_PER_DAY_PER_ORGANISATION = 20
