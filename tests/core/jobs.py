"""Background work declared for the tests: records its calls, fails as a test tells it to."""

from core.mail import build_message, send_each
from core.tasks import PermanentFailure, TemporaryFailure, background

calls = []
failures_to_come = []  # exceptions raised by the next calls, in order


@background(max_attempts=3, base_delay=10, max_delay=60)
def record(label):
    calls.append(label)
    if failures_to_come:
        raise failures_to_come.pop(0)


@background(max_attempts=3, base_delay=0.01, max_delay=0.01, queue_name="mail")
def flaky_soon(label):
    """Like record, with a retry due at once: for a real RQ worker's scheduler."""
    record.func(label)


@background(max_attempts=4, base_delay=10, max_delay=60, queue_name="mail")
def mail_batch(addresses):
    """Sends one message per address, keyed by address: the shape of a press-alert batch."""
    refused = send_each(
        (
            f"test-batch:{address}",
            lambda address=address: build_message(
                "core/test_message", {"address": address}, to=address
            ),
        )
        for address in addresses
    )
    if refused:
        raise PermanentFailure("; ".join(reason for _, reason in refused))


def reset():
    calls.clear()
    failures_to_come.clear()


__all__ = ["TemporaryFailure", "mail_batch", "record", "reset"]
