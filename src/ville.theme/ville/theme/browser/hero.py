"""The hero image of the home page, stored in the theme's settings."""

from plone.formwidget.namedfile.converter import b64decode_file
from plone.namedfile.browser import Download
from plone.namedfile.file import NamedImage
from ville.theme.browser.settings import theme_settings


class HeroImage(Download):
    """``@@ville-hero``: the hero image, like Plone's ``@@site-logo``."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.data = None
        self.filename = None
        value = getattr(theme_settings(), "hero_image", None)
        if value:
            self.filename, data = b64decode_file(value)
            self.data = NamedImage(data=data, filename=self.filename)

    def _getFile(self):
        return self.data
