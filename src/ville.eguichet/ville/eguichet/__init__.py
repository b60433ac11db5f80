"""ville.eguichet: E-guichet: collective.easyform submissions become tracked requests, with Belgian civil-status documents."""

import logging

from zope.i18nmessageid import MessageFactory


__version__ = "1.1.0.dev0"

PACKAGE_NAME = "ville.eguichet"

_ = MessageFactory("ville")

logger = logging.getLogger(PACKAGE_NAME)
