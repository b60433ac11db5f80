"""Portlets whose rendering is memoized with the page chrome (see
:mod:`ville.theme.browser.chrome`).

plone.app.event's events portlet: the events it lists are in the catalog,
their start and end dates are schedule boundaries.

plone.app.portlets' navigation portlet (a section's pages, beside each page):
its tree is a catalog search; which pages the visitor may see, and which are
published or expired, are in the chrome's key (security tokens, inactive
content, schedule boundary), so are the language and the portal's URL. Each
page has its own entry (the current item and the tree's open branch follow
it). The navigation settings the tree reads (types shown, workflow filter,
parent types not queried, types linked to ``/view``, thumbnails, the
navigation root setting) are no catalog write: their values are in the key.
Whether it is shown (``available``, which builds the tree too) is memoized
apart from its rendering.

For both, the key adds the page, the portlet manager, the assignment's own
committed state (its settings are no catalog write); nothing is memoized
while the assignment has uncommitted changes.
"""

from Acquisition import aq_inner
from plone.app.event.portlets import portlet_events
from plone.app.portlets.portlets import navigation
from plone.registry.interfaces import IRegistry
from ville.theme.browser import chrome
from zope.component import queryUtility


# The registry records the navigation tree depends on.
NAVIGATION_SETTINGS = (
    "plone.displayed_types",
    "plone.filter_on_workflow",
    "plone.workflow_states_to_show",
    "plone.parent_types_not_to_query",
    "plone.types_use_view_action_in_listings",
    "plone.no_thumbs_portlet",
    "plone.thumb_scale_portlet",
    "plone.allowed_sizes",
    "plone.root",
)


def _assignment_state(renderer):
    """The assignment's committed state, or None while it has uncommitted
    changes (or was never committed)."""
    data = renderer.data
    if getattr(data, "_p_changed", False) or getattr(data, "_p_oid", None) is None:
        return None
    return data._p_oid, data._p_serial


def _page(renderer):
    return ("/".join(aq_inner(renderer.context).getPhysicalPath()),
            getattr(renderer.manager, "__name__", ""))


def navigation_settings():
    registry = queryUtility(IRegistry)
    if registry is None:
        return None
    return tuple(repr(registry.get(name, None)) for name in NAVIGATION_SETTINGS)


class EventsRenderer(portlet_events.Renderer):
    def render(self):
        state = _assignment_state(self)
        if state is None:
            return super().render()
        return chrome.memoized(
            "events-portlet", self.request, super().render,
            *_page(self), *state, repr(self.request.get("contentFilter", None)),
        )


class NavigationRenderer(navigation.Renderer):
    def _memoized(self, name, compute):
        state = _assignment_state(self)
        if state is None:
            return compute()
        return chrome.memoized(name, self.request, compute, *_page(self), *state,
                               navigation_settings())

    @property
    def available(self):
        return self._memoized("navigation-portlet-available",
                              lambda: navigation.Renderer.available.fget(self))

    def render(self):
        return self._memoized("navigation-portlet", super().render)
