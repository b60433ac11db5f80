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


def sync_marker(obj, event=None):
    """Provide IMiniSiteRoot exactly when the behavior's flag is on."""
    enabled = bool(getattr(obj, "minisite_enabled", False))
    if enabled and not IMiniSiteRoot.providedBy(obj):
        alsoProvides(obj, IMiniSiteRoot)
        obj.reindexObject(idxs=["object_provides"])
    elif not enabled and IMiniSiteRoot.providedBy(obj):
        noLongerProvides(obj, IMiniSiteRoot)
        obj.reindexObject(idxs=["object_provides"])
