"""The site speaks the municipality's language, whatever the browser asks.

``municipality.yaml``'s ``language`` (fr, de or nl) becomes Plone's default
and only available language (:func:`apply`); the registry records of
``registry/language.xml`` switch every kind of negotiation off (browser
``Accept-Language``, cookie, path, content, subdomain), so Plone's language
binding of each request is the site's language.

A request without that binding still reached the browser's language:
plone.i18n's preference chain falls back to the ``I18N_LANGUAGE`` cookie
and to ``Accept-Language`` when Plone has not bound the request (mails
built outside a page, an object acquired from an earlier request, such as
the events portlet's cached list). :class:`SiteLanguagePreference` sits
between the binding and those fallbacks and answers the site's language
on a site this add-on configured.
"""

from plone.i18n.negotiate.ptsnegotiator import registerLangPrefsMethod
from zope.component.hooks import getSite


LANGUAGES = ("fr", "nl", "de")
# plone.i18n's own binding is 100, the cookie 40, Accept-Language 10.
PRIORITY = 60


def site_language() -> str | None:
    """The municipality's language of the current site, None elsewhere
    (no site, or a site this add-on did not configure)."""
    site = getSite()
    if site is None:
        return None
    try:
        from plone.registry.interfaces import IRegistry
        from zope.component import queryUtility

        registry = queryUtility(IRegistry)
        if registry is None or registry.get("ville.municipality.name") is None:
            return None
        language = registry.get("plone.default_language")
    except Exception:  # a site being created or upgraded
        return None
    return language if language in LANGUAGES else None


class SiteLanguagePreference:
    """plone.i18n language preference: the site's language."""

    def __init__(self, request):
        self.request = request

    def getPreferredLanguages(self):
        language = site_language()
        return [language] if language else []

    def getAccepted(self, request, kind="language"):
        return self.getPreferredLanguages()


registerLangPrefsMethod({"klass": SiteLanguagePreference, "priority": PRIORITY})


def apply(language: str) -> None:
    """Make ``language`` the site's only language, negotiation off."""
    from plone import api

    api.portal.set_registry_record("plone.default_language", language)
    api.portal.set_registry_record("plone.available_languages", [language])
    for name in NEGOTIATION_OFF:
        api.portal.set_registry_record(name, False)


NEGOTIATION_OFF = (
    "plone.use_request_negotiation",
    "plone.use_cookie_negotiation",
    "plone.use_content_negotiation",
    "plone.use_path_negotiation",
    "plone.use_subdomain_negotiation",
    "plone.use_cctld_negotiation",
    "plone.set_cookie_always",
    "plone.always_show_selector",
)
