"""plone.app.event's events portlet, its rendering memoized with the page
chrome (see :mod:`ville.theme.browser.chrome`): the events it lists are in
the catalog, their start and end dates are schedule boundaries. The key adds
the page (the portlet's links follow the context's calendar), the
assignment's own committed state (its settings are no catalog write) and the
request's content filter."""

from Acquisition import aq_inner
from plone.app.event.portlets import portlet_events
from ville.theme.browser import chrome


class EventsRenderer(portlet_events.Renderer):
    def render(self):
        data = self.data
        if getattr(data, "_p_changed", False) or getattr(data, "_p_oid", None) is None:
            return super().render()
        return chrome.memoized(
            "events-portlet", self.request, super().render,
            "/".join(aq_inner(self.context).getPhysicalPath()),
            getattr(self.manager, "__name__", ""), data._p_oid, data._p_serial,
            repr(self.request.get("contentFilter", None)),
        )
