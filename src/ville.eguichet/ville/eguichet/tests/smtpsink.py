"""The loopback SMTP server of the tests now lives in ville.testing (shared
with ville.policy's review digest tests); kept here for existing imports."""

from ville.testing.smtpsink import free_port  # noqa: F401
from ville.testing.smtpsink import SMTPSink  # noqa: F401
