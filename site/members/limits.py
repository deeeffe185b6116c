"""Daily publishing limits per organisation, counted by `core.ratelimit.over_limit`."""

import datetime

NEEDS_PER_DAY_PER_ORGANISATION = 20
RESPONSES_PER_DAY_PER_ORGANISATION = 60
REPORTS_PER_DAY_PER_ORGANISATION = 20
DAY = datetime.timedelta(days=1)
# A partner withdrawn and named again is invited again, but e-mailed at most once a day:
# ticking and unticking a box must not become a way to flood another organisation's admins.
PARTNER_INVITATION_MAIL_INTERVAL = DAY
