"""Publication (effective) and expiration dates, and alerts' start and end,
in the town's time zone.

plone.app.dexterity's ``Publication`` adapter stores the edit form's naive
datetime as ``DateTime(y, m, d, h, mi)``, i.e. in the *server's* zone: our
servers run with TZ=UTC, so 09:00 typed in Brussels was stored as 09:00 UTC.
It also reads a stored DateTime back in the zone it was stored in (publishing
stamps ``DateTime()``, UTC on a server), so the form showed 08:00 for a 09:00
publication. plone.restapi mirrors this (naive values in the server's zone).
(Upstream: Products.CMFPlone issue #1298, still open.)

Here, more specific adapters read and write these dates as wall-clock times
of ``plone.portal_timezone`` (see :mod:`ville.policy.dates`); the stored
DateTime carries that zone, so catalog, REST and listings see the right
instant.
"""

from datetime import datetime
from datetime import timezone
from DateTime import DateTime
from plone.app.dexterity.behaviors.metadata import DCFieldProperty
from plone.app.dexterity.behaviors.metadata import IPublication
from plone.app.dexterity.behaviors.metadata import Publication
from plone.behavior.interfaces import IBehaviorAssignable
from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.deserializer.dxfields import DatetimeFieldDeserializer
from plone.restapi.interfaces import IFieldDeserializer
from plone.restapi.interfaces import IFieldSerializer
from plone.restapi.serializer.dxfields import DateTimeFieldSerializer
from ville.policy import dates
from ville.policy.content.quickaccess import IAlert
from ville.policy.interfaces import IBrowserLayer
from zope.component import adapter
from zope.interface import implementer
from zope.schema.interfaces import IDatetime

import dateutil.parser


class LocalDCFieldProperty(DCFieldProperty):
    """A DCFieldProperty whose naive datetimes are the town's wall-clock time."""

    def __get__(self, inst, klass):
        if inst is None:
            return self
        stored = getattr(inst.context, self._get_name, None)
        if isinstance(stored, DateTime):
            # Naive and without seconds' fractions, as the widget gives it back.
            return dates.now_local(stored).replace(tzinfo=None, microsecond=0)
        return super().__get__(inst, klass)

    def __set__(self, inst, value):
        if not isinstance(value, datetime):
            return super().__set__(inst, value)
        field = self._field.bind(inst)
        field.validate(value)
        if field.readonly:
            raise ValueError(self._field.__name__, "field is readonly")
        setattr(inst.context, self._get_name, dates.as_DateTime(value))


class LocalPublication(Publication):
    effective = LocalDCFieldProperty(IPublication["effective"], get_name="effective_date")
    expires = LocalDCFieldProperty(IPublication["expires"], get_name="expiration_date")


def publication(context):
    """The ``plone.publication`` (or ``plone.dublincore``) adapter, only for
    types having the behaviour, as plone.behavior's own factory does."""
    assignable = IBehaviorAssignable(context, None)
    if assignable is None or not assignable.supports(IPublication):
        return None
    return LocalPublication(context)


# Schemas whose datetimes are naive wall-clock times of the town, as
# z3c.form's widgets give them: publication dates, alerts' start and end.
WALL_CLOCK_SCHEMAS = (IPublication, IAlert)


@implementer(IFieldDeserializer)
@adapter(IDatetime, IDexterityContent, IBrowserLayer)
class WallClockDatetimeDeserializer(DatetimeFieldDeserializer):
    """REST: a value keeps its instant, stored as the town's wall-clock time.
    plone.restapi would give the Publication adapter a naive time in the
    server's zone, and store a new alert's start as aware UTC but a changed
    one as naive UTC, where the edit form stores the town's time."""

    def __call__(self, value):
        if value is None or self.field.interface not in WALL_CLOCK_SCHEMAS:
            return super().__call__(value)
        try:
            moment = dateutil.parser.parse(value)
        except (ValueError, OverflowError):
            raise ValueError(f"Invalid date: {value}")
        if moment.tzinfo is None:  # plone.restapi reads an offset-less value as UTC
            moment = moment.replace(tzinfo=timezone.utc)
        moment = dates.now_local(moment).replace(tzinfo=None)
        self.field.validate(moment)
        return moment


@implementer(IFieldSerializer)
@adapter(IDatetime, IDexterityContent, IBrowserLayer)
class WallClockDatetimeSerializer(DateTimeFieldSerializer):
    """REST: a wall-clock datetime is answered as the instant it is in the
    town, with an explicit offset (plone.restapi writes a naive value as it
    is, without any)."""

    def get_value(self, default=None):
        value = super().get_value(default=default)
        if (
            isinstance(value, datetime)
            and value.tzinfo is None
            and self.field.interface in WALL_CLOCK_SCHEMAS
        ):
            return dates.localize(value)
        return value
