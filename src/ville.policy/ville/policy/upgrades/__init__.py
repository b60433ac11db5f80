"""Upgrade steps of ville.policy, numbered by profile version."""

from plone import api


PROFILE = "profile-ville.policy:default"


def noop(context):
    """First profile version: nothing to migrate."""


def to_1001(context):
    """Content types, workflow, groups, catalog indexes and settings."""
    from ville.policy.setuphandlers import post_install

    setup = api.portal.get_tool("portal_setup")
    for step in ("rolemap", "plone.app.registry", "typeinfo", "workflow",
                 "catalog", "repositorytool"):
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    post_install(context)
    catalog = api.portal.get_tool("portal_catalog")
    for index in ("ville_period", "village", "category", "title_initial", "kind",
                  "availability", "surface"):
        catalog.manage_reindexIndex(ids=[index])


def to_1002(context):
    """Scheduled publication on every surface (issue 11) and dates in the
    town's time zone (issue 16); ``context`` is portal_setup."""
    from ville.policy.upgrades import w11_schedule
    from ville.policy.upgrades import w12_contracts
    from ville.policy.upgrades import w16_timezone

    w11_schedule.upgrade(context)
    w16_timezone.upgrade(context)
    # The e-guichet's own ruleset mapped to no-store (issue 12).
    w12_contracts.upgrade(context)


def to_1003(context):
    """One registry record per setting (issue 12): the contact, hours,
    tagline and social links are ville.theme's records only; open data feeds
    and their catalogue (issue 20)."""
    from ville.policy.upgrades import w12_settings
    from ville.policy.upgrades import w20_opendata

    w12_settings.upgrade(context)
    w20_opendata.upgrade(context)


def to_1004(context):
    """Review dates and the site's language (issue 19); editors' daily
    paths (issue 16)."""
    from ville.policy.upgrades import w19_review
    from ville.policy.upgrades import w16_editors
    from ville.policy.upgrades import w19_lang

    w19_review.upgrade(context)
    w16_editors.upgrade(context)
    w19_lang.upgrade(context)
