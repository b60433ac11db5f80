"""The site's content as the theme shows it: ville.policy's answer to
``ville.theme.interfaces.ISiteContent``.

Registered in configure.zcml only when ville.theme is installed (the theme
declares the interface; neither add-on imports the other): this module
imports nothing of the theme.
"""

from plone.browserlayer.utils import registered_layers
from ville.policy import api
from ville.policy.interfaces import IBrowserLayer


class SiteContent:
    """A stateless utility over :mod:`ville.policy.api`."""

    def available(self) -> bool:
        return IBrowserLayer in registered_layers()

    def roadwork_status(self, roadwork) -> str:
        return api.roadwork_status(roadwork)

    def ongoing_roadworks_count(self) -> int:
        return api.ongoing_roadworks_count()

    def active_alerts(self, context) -> list:
        return api.active_alerts(context)

    def quick_access_buttons(self, root) -> list:
        return api.quick_access_buttons(root)

    def minisite_root(self, context):
        return api.minisite_root(context)

    def minisites(self) -> list:
        return api.minisites()

    def schedule_label(self, item, context) -> str:
        return api.schedule_label(item, context)

    def schedule_boundary(self) -> int:
        from plone import api as plone_api
        from ville.policy.caching.schedule import schedule_value

        return int(schedule_value(plone_api.portal.get_tool("portal_catalog")))

    def quick_access_manage_url(self, root) -> str:
        from ville.policy.browser.quickaccess import manage_url

        return manage_url(root)


site_content = SiteContent()
