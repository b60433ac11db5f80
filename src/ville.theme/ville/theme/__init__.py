"""ville.theme: Classic UI theme of a Walloon municipality's public site (WCAG 2.1 AA)."""

import logging

from zope.i18nmessageid import MessageFactory


__version__ = "1.1.0.dev0"

PACKAGE_NAME = "ville.theme"

_ = MessageFactory("ville")

logger = logging.getLogger(PACKAGE_NAME)
