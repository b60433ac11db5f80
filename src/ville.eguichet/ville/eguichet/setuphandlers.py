from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Hide the uninstall profile from the add-ons control panel."""
        return ["ville.eguichet:uninstall"]


def post_install(context):
    """Post install script."""


def uninstall(context):
    """Uninstall script."""
