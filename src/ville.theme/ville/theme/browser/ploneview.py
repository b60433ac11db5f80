"""``@@plone`` whose ``toLocalizedTime`` writes the town's time.

Plone's own pages (the byline's "published" and "last modified", listings)
format dates through ``@@plone/toLocalizedTime``, which ends in
DateTime.strftime: the *server's* zone, UTC on our servers. The same view,
registered for this add-on's layer, writes them through :mod:`ville.theme.dates`.
"""

from DateTime.interfaces import DateTimeError
from Products.CMFPlone.browser import ploneview
from ville.theme import dates


class Plone(ploneview.Plone):
    def toLocalizedTime(self, time, long_format=None, time_only=None):
        try:
            return dates.localized(
                time, long_format=long_format, time_only=time_only,
                context=self.context, request=self.request,
            )
        except (DateTimeError, TypeError, ValueError, AttributeError):
            return super().toLocalizedTime(time, long_format, time_only)
