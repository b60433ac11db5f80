from plone import api
from plone.base.interfaces import INonInstallable
from zope.interface import implementer


HOME_LAYOUT = "ville-home"


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Hide the uninstall profile from the add-ons control panel."""
        return ["ville.theme:uninstall"]


def post_install(context):
    """The site root shows the theme's home page."""
    portal = api.portal.get()
    portal.setLayout(HOME_LAYOUT)


def uninstall(context):
    """Give the site root back its default view (ours is gone)."""
    portal = api.portal.get()
    if portal.getLayout() == HOME_LAYOUT:
        portal.setLayout(portal.getDefaultLayout())
    fti = api.portal.get_tool("portal_types").get("Plone Site")
    if fti is not None and HOME_LAYOUT in fti.view_methods:
        fti.view_methods = tuple(v for v in fti.view_methods if v != HOME_LAYOUT)
