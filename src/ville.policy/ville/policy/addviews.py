"""``++add++<type>`` where that type may not be added.

plone.dexterity's add form raises a ``ValueError`` ("Subobject type
disallowed by IConstrainTypes adapter") when the folder does not take the
type, or when the user may not add it there: a server error (500) for an
address anyone can type. After traversal (the user is known then), this
answers instead as the rest of the site does: a type the folder never
takes is not found there (404); a type it takes but this user may not add
is refused as any other page the user may not open (login, or the
insufficient privileges page).
"""

from AccessControl import Unauthorized
from plone.dexterity.browser.add import DefaultAddView
from plone.z3cform.interfaces import IDeferSecurityCheck
from ville.policy.interfaces import IBrowserLayer
from zExceptions import NotFound


def refuse_disallowed_type(event):
    """IPubAfterTraversal."""
    request = event.request
    if not IBrowserLayer.providedBy(request) or IDeferSecurityCheck.providedBy(request):
        return
    view = request.get("PUBLISHED")
    view = getattr(view, "__self__", view)  # the view, or one of its methods
    if not isinstance(view, DefaultAddView):
        return
    container, info = view.context, getattr(view, "ti", None)
    if info is None:
        return
    allowed = {fti.getId() for fti in container.allowedContentTypes()}
    if info.getId() in allowed:
        return
    if info.isConstructionAllowed(container):
        raise NotFound(f"++add++{info.getId()}")
    raise Unauthorized(f"++add++{info.getId()}")
