"""A frozen clock for tests of dates (not a test module)."""

from contextlib import contextmanager
from datetime import datetime
from unittest import mock

import sys


@contextmanager
def frozen(moment: datetime):
    """Make ``DateTime()`` (catalog, publication checks) return ``moment``.

    Patches the clock of the DateTime module for every thread, so that a
    WSGI server in the same process sees the same time.
    """
    timestamp = moment.timestamp()
    module = sys.modules["DateTime.DateTime"]
    with mock.patch.object(module, "time", lambda: timestamp):
        yield
