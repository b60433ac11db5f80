"""ville.theme as released in 1.0.0 (commit cf20953), frozen for the
upgrade test (tests/test_upgrades.py).

``profile/`` is ``profiles/default`` of 1.0.0, with the registry records
that 1.0.0 declared through interfaces (``<records interface=...>``) written
out field by field, so that a later change of those interfaces does not
change this fixture. ``post_install`` is 1.0.0's
``setuphandlers.post_install``. Never edit this package to follow the
current code: it is what sites running 1.0.0 hold.

What this fixture cannot freeze: the python code and files the profile names
(the browser layer interface, the Diazo theme's files under ``theme/``, the
``ville-home`` view, the bundle's CSS and JS) are the current ones.
"""

from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


# 1.0.0's <records interface=...> import gave these records the empty string
# of their fields' default; registry XML reads an empty <value> as None.
EMPTY_TEXT_RECORDS = (
    "ville.theme.city",
    "ville.theme.email",
    "ville.theme.hours_friday",
    "ville.theme.hours_monday",
    "ville.theme.hours_saturday",
    "ville.theme.hours_sunday",
    "ville.theme.hours_thursday",
    "ville.theme.hours_tuesday",
    "ville.theme.hours_wednesday",
    "ville.theme.organisation",
    "ville.theme.phone",
    "ville.theme.postal_code",
    "ville.theme.street",
    "ville.theme.tagline",
)


def restore_empty_texts():
    registry = getUtility(IRegistry)
    for name in EMPTY_TEXT_RECORDS:
        registry.records[name].value = ""


def post_install(context):
    """1.0.0's post_install: the site root shows the theme's home page."""
    restore_empty_texts()
    api.portal.get().setLayout("ville-home")
