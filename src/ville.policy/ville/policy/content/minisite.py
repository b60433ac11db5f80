"""The mini-site behavior: a folder becomes its own navigation root.

Enabled on a folder (``minisite_enabled``), the folder provides
:class:`ville.policy.interfaces.IMiniSiteRoot` (an ``INavigationRoot``), so
navigation, breadcrumbs and search start there; the theme shows its own title
and logo and a link back to the main site (see ``api.minisite_root``).
"""

from plone.autoform.interfaces import IFormFieldProvider
from plone.namedfile.field import NamedBlobImage
from plone.supermodel import model
from ville.policy import _
from ville.policy.interfaces import IMiniSiteRoot
from zope import schema
from zope.interface import alsoProvides
from zope.interface import noLongerProvides
from zope.interface import provider


@provider(IFormFieldProvider)
class IMiniSite(model.Schema):
    model.fieldset(
        "minisite",
        label=_("Mini-site"),
        fields=["minisite_enabled", "minisite_title", "minisite_logo"],
    )
    minisite_enabled = schema.Bool(
        title=_("This folder is a mini-site"),
        description=_(
            "Tick it for a section with its own identity, such as the CPAS: the "
            "folder gets its own header, navigation, title and logo, with a link "
            "back to the main site."
        ),
        required=False,
        default=False,
    )
    minisite_title = schema.TextLine(
        title=_("Mini-site title"),
        description=_("Shown in the header of the mini-site; the folder title if empty."),
        required=False,
    )
    minisite_logo = NamedBlobImage(
        title=_("Mini-site logo"),
        description=_("Shown in the header of the mini-site (PNG or JPEG)."),
        required=False,
    )


# What a mini-site (a CPAS) publishes: set as the root's allowed types when a
# folder becomes a mini-site; site managers may change them (Restrictions).
MINISITE_TYPES = (
    "Document",
    "News Item",
    "Event",
    "File",
    "Image",
    "Link",
    "Folder",
    "Procedure",
    "PublicService",
    "Alert",
)
# The mini-site's structure is the site managers': its editors hold Editor
# there, which would let them switch its views or lift its type limits.
STRUCTURE_PERMISSIONS = ("Modify view template", "Modify constrain types")
SITE_MANAGERS = ["Manager", "Site Administrator"]


def restrict_root(obj):
    """Limit a mini-site root to what a mini-site needs (see the README)."""
    from plone import api
    from plone.base.interfaces.constrains import ENABLED
    from plone.base.interfaces.constrains import ISelectableConstrainTypes

    for permission in STRUCTURE_PERMISSIONS:
        obj.manage_permission(permission, SITE_MANAGERS, acquire=False)
    constrains = ISelectableConstrainTypes(obj, None)
    if constrains is None:
        return
    existing = api.portal.get_tool("portal_types").objectIds()
    types = [name for name in MINISITE_TYPES if name in existing]
    constrains.setConstrainTypesMode(ENABLED)
    constrains.setLocallyAllowedTypes(types)
    constrains.setImmediatelyAddableTypes(types)


def release_root(obj):
    """Undo :func:`restrict_root` when the folder is a mini-site no more."""
    from plone.base.interfaces.constrains import ACQUIRE
    from plone.base.interfaces.constrains import ISelectableConstrainTypes

    for permission in STRUCTURE_PERMISSIONS:
        obj.manage_permission(permission, [], acquire=True)
    constrains = ISelectableConstrainTypes(obj, None)
    if constrains is not None:
        constrains.setConstrainTypesMode(ACQUIRE)


def sync_marker(obj, event=None):
    """Provide IMiniSiteRoot exactly when the behavior's flag is on."""
    enabled = bool(getattr(obj, "minisite_enabled", False))
    if enabled and not IMiniSiteRoot.providedBy(obj):
        alsoProvides(obj, IMiniSiteRoot)
        restrict_root(obj)
        obj.reindexObject(idxs=["object_provides"])
    elif not enabled and IMiniSiteRoot.providedBy(obj):
        noLongerProvides(obj, IMiniSiteRoot)
        release_root(obj)
        obj.reindexObject(idxs=["object_provides"])
