"""Page-template macros shared by the theme's pages."""

from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound


class Macros(BrowserView):
    """``context/@@ville-macros/macros/hours``: an opening-hours table."""

    template = ViewPageTemplateFile("templates/_hours.pt")

    @property
    def macros(self):
        return self.template.macros

    def __call__(self):
        raise NotFound("ville-macros")
