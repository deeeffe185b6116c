"""Daily publishing limits per organisation, counted by `core.ratelimit.over_limit`."""

import datetime

NEEDS_PER_DAY_PER_ORGANISATION = 20
RESPONSES_PER_DAY_PER_ORGANISATION = 60
REPORTS_PER_DAY_PER_ORGANISATION = 20
DAY = datetime.timedelta(days=1)
