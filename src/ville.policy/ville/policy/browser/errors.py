"""Error pages that say nothing of what the visitor may not see.

Zope renders an error page in the context of the last object traversed: a
404 for a scheduled news item carried the item's title and description in
``<title>``, ``og:title`` and ``og:description``; a missing page of a
scheduled section offered the section as "did you mean". When the visitor may not see that object (the rule of
``ville.policy.scheduling``, or no View at all), the page is rendered in the
site's context instead.
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from Products.CMFCore.interfaces import IContentish
from Products.CMFPlone.browser import exceptions
from plone.app.redirector.browser import FourOhFourView
from plone.rest.errors import ErrorHandling
from plone.rest.interfaces import IAPIRequest
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ville.policy.scheduling import may_see
from ville.policy.services.queries import client_error
from zope.component.hooks import getSite

import os


PLONE_TEMPLATES = os.path.join(os.path.dirname(exceptions.__file__), "templates")


class ExceptionView(exceptions.ExceptionView):
    index = ViewPageTemplateFile(os.path.join(PLONE_TEMPLATES, "error_message.pt"))

    def __call__(self):
        if IAPIRequest.providedBy(self.request):
            # REST errors stay plone.rest's (status codes, JSON; they name
            # no more than the URL asked for).
            exception = client_error(self.context, self.request) or self.context
            view = ErrorHandling(exception, self.request)
            view.__parent__ = self.__parent__
            return view()
        content = self.__parent__
        while content is not None and not IContentish.providedBy(content):
            content = aq_parent(aq_inner(content))
        if content is not None and not may_see(aq_inner(content)):
            self.__parent__ = getSite()
        return super().__call__()


class RedirectorView(FourOhFourView):
    """Plone's 404 helper, whose "did you mean" parent is found by
    ``restrictedTraverse`` (View only, dates ignored): a missing page of a
    scheduled section offered the section. Offered only when visible."""

    def find_first_parent(self):
        parent = super().find_first_parent()
        if parent is not None and not may_see(parent):
            return None
        return parent
