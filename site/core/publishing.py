"""How side effects of publishing (cache invalidation, CDN purge, notifications) must hook in.

Wagtail saves the page as live, *then* sends `page_published`, outside any transaction and
without catching anything: a receiver that raises leaves the page live while the editor gets
a server error, the remaining receivers never run (a stale feed cache), the publication is
not logged, and `publish_scheduled` stops before the next embargoed text. Receivers with side
effects are therefore wrapped in `after_commit`: they run once the publication is committed
(never for one that is rolled back) and a failure is logged, not raised.
"""

import functools

from django.db import transaction


def after_commit(receiver):
    """Decorate a signal receiver so it runs on commit and cannot break what sent the signal."""

    @functools.wraps(receiver)
    def deferred(sender, **kwargs):
        @functools.wraps(receiver)  # the name Django logs if it fails
        def run():
            receiver(sender, **kwargs)

        transaction.on_commit(run, robust=True)

    return deferred
