"""Upgrade for one registry record per setting (branch w12-settings).

Up to 1002 the policy stored the municipality's tagline, contact, town-hall
hours and social links (``ville.municipality.*``, ``ville.policy.social_links``)
while ville.theme held the same settings in its own records and showed its
value, or the policy's when its own was empty. The theme's records are now
the only ones (its control panel edits them): what the theme showed from the
policy's records is copied into the theme's empty ones, then the policy's
records are removed. ``ville.municipality.iban`` / ``bic`` were read by
nothing (the e-guichet prints its own ``ville.eguichet.iban``): removed.

A site without ville.theme never showed these values: they are removed too,
each logged with its value so that nothing is lost silently.
"""

from plone.registry.interfaces import IRegistry
from ville.policy import logger
from ville.policy.vocabularies import WeekdaysVocabulary
from zope.component import getUtility


# Each old record of the policy -> the record that now holds the setting.
# Names of ville.theme's records: this one-off migration is the only place
# the policy names them (it moves its own data out).
MOVED = {
    "ville.municipality.tagline": "ville.theme.tagline",
    "ville.municipality.organisation": "ville.theme.organisation",
    "ville.municipality.street": "ville.theme.street",
    "ville.municipality.postal_code": "ville.theme.postal_code",
    "ville.municipality.city": "ville.theme.city",
    "ville.municipality.phone": "ville.theme.phone",
    "ville.municipality.email": "ville.theme.email",
    "ville.policy.social_links": "ville.theme.social_links",
}
HOURS = "ville.municipality.opening_hours"
THEME_HOURS = {
    day: f"ville.theme.hours_{day}" for day, _title in WeekdaysVocabulary.items
}
UNREAD = ("ville.municipality.iban", "ville.municipality.bic")


def _value(registry, name):
    return registry.records[name].value if name in registry.records else None


def _move(registry, old, new):
    value = _value(registry, old)
    if value and new in registry.records and not registry.records[new].value:
        registry.records[new].value = list(value) if isinstance(value, list) else value
        logger.info("upgrade: %s copied into %s", old, new)
    elif value and new not in registry.records:
        logger.warning("upgrade: %s removed, no %s on this site: %r", old, new, value)


def _move_hours(registry):
    hours = _value(registry, HOURS) or {}
    theme = [name for name in THEME_HOURS.values() if name in registry.records]
    if not any(hours.values()):
        return
    if not theme:
        logger.warning("upgrade: %s removed, no ville.theme on this site: %r",
                       HOURS, hours)
        return
    # The theme showed the policy's hours only when all of its own were empty.
    if any(registry.records[name].value for name in theme):
        return
    for day, name in THEME_HOURS.items():
        if name in registry.records:
            registry.records[name].value = hours.get(day) or ""
    logger.info("upgrade: %s copied into ville.theme.hours_*", HOURS)


def upgrade(context):
    """context: portal_setup. Moves, then removes, the duplicated records."""
    registry = getUtility(IRegistry)
    for old, new in MOVED.items():
        _move(registry, old, new)
    _move_hours(registry)
    for name in (*MOVED, HOURS, *UNREAD):
        if name in registry.records:
            del registry.records[name]
