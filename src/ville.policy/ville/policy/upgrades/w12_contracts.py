"""Upgrade for the contracts between add-ons (branch w12-contracts).

The e-guichet now declares its own caching ruleset
(``ville.eguichet.private``) instead of the policy matching its names: a
site with the caching profile needs that ruleset mapped to the no-store
operation, or the e-guichet's pages would fall back to Plone's rules. The
old type and template mappings to ``ville.private`` are harmless and stay.
"""


def upgrade(context):
    """context: portal_setup. Re-imports the caching profile's registry."""
    if context.getLastVersionForProfile("ville.policy:caching") != "unknown":
        context.runImportStepFromProfile(
            "profile-ville.policy:caching", "plone.app.registry"
        )
