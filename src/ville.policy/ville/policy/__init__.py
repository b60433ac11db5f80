"""ville.policy: Content types, site tree, publication workflow, groups and roles of a Walloon municipality's Plone site."""

import logging

from zope.i18nmessageid import MessageFactory


__version__ = "1.1.0.dev0"

PACKAGE_NAME = "ville.policy"

_ = MessageFactory("ville")

logger = logging.getLogger(PACKAGE_NAME)


def _install_catalog_rule():
    # The publication rule of every catalog search (see ville.policy.catalog).
    from ville.policy import catalog

    catalog.install()


_install_catalog_rule()


def _allow_guards():
    # The workflow's guard expressions call ville.policy.guards (restricted
    # code reaches a module only when it is declared).
    from AccessControl import ModuleSecurityInfo

    ModuleSecurityInfo("ville.policy.guards").declarePublic("may_retire")


_allow_guards()


def _install_language_preference():
    # The site's language before the cookie's and the browser's (see
    # ville.policy.language).
    from ville.policy import language  # noqa: F401


_install_language_preference()
