"""A frozen clock for tests of dates (not a test module)."""

from contextlib import contextmanager
from datetime import datetime
from unittest import mock

import DateTime.DateTime as datetime_module


@contextmanager
def frozen(moment: datetime):
    """Make ``DateTime()`` (catalog, publication checks) return ``moment``.

    Patches the clock of the DateTime module for every thread, so that a
    WSGI server in the same process sees the same time.
    """
    timestamp = moment.timestamp()
    with mock.patch.object(datetime_module, "time", lambda: timestamp):
        yield
