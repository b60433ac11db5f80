"""Upgrade steps of ville.eguichet, numbered by profile version."""


def noop(context):
    """First profile version: nothing to migrate."""


def to_1001(context):
    """Security wave (issue 10): forms for the e-guichet managers, history
    and store closed to requesters, expiry and retention delays, abuse
    limits. Each part lives in its own module; ``context`` is portal_setup."""
    from ville.eguichet.upgrades import w10_abuse
    from ville.eguichet.upgrades import w10_managers
    from ville.eguichet.upgrades import w10_retention
    from ville.eguichet.upgrades import w10_visibility

    w10_managers.upgrade(context)
    w10_visibility.upgrade(context)
    w10_retention.upgrade(context)
    w10_abuse.upgrade(context)


def to_1002(context):
    """Identity levels (issue 13): the requests' identity-level index, the
    forms' ``allow_anonymous`` migrated into the action's ``identity``."""
    from ville.eguichet.upgrades import w13_identity

    w13_identity.upgrade(context)


def to_1003(context):
    """Citizens' and agents' daily paths (issue 16): "answered by the
    citizen" indexed, header links to the citizen's space and the
    dashboard. Online payment (issue 15): the state awaiting_payment and
    its system transitions, the index of a request's way of payment."""
    from ville.eguichet.upgrades import w15_payment
    from ville.eguichet.upgrades import w16_guichet

    w16_guichet.upgrade(context)
    w15_payment.upgrade(context)


def to_1004(context):
    """The back office at a city's volume (issue 21): the figures' indexes
    and the rows' metadata, filled for the existing requests."""
    from ville.eguichet.upgrades import w21_backoffice

    w21_backoffice.upgrade(context)


def to_1005(context):
    """Statistics counted from the indexes' sets (issue 21): the review
    state in ``eguichet_stats``, the procedure in ``eguichet_processing``;
    requests in fewer indexes (``object_provides`` says what a request is,
    navigation's indexes leave them out). For the existing requests."""
    from plone import api
    from ville.eguichet.upgrades import w21_backoffice

    w21_backoffice.fewer_indexes(api.portal.get_tool("portal_catalog"))


def to_1006(context):
    """A citizen may cancel their request while it waits for its online
    payment; a payment that arrives afterwards is refunded."""
    from ville.eguichet.upgrades import cancel_unpaid

    cancel_unpaid.upgrade(context)
