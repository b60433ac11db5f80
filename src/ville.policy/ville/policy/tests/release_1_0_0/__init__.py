"""ville.policy as released in 1.0.0 (commit cf20953), frozen for the
upgrade test (tests/test_upgrades.py).

``profile/`` is ``profiles/default`` of 1.0.0, with the registry records
that 1.0.0 declared through interfaces (``<records interface=...>``) written
out field by field, so that a later change of those interfaces does not
change this fixture. ``post_install`` is 1.0.0's
``setuphandlers.post_install`` with the data it used (groups, default shop
categories) copied here, for the same reason. Never edit this package to
follow the current code: it is what sites running 1.0.0 hold.

What this fixture cannot freeze: the python code the profile names (content
classes, schemas, behaviors, indexers, the browser layer interface, the
permissions declared in ZCML) is the current one.
"""

from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


# setuphandlers.GROUPS of 1.0.0
GROUPS = {
    "redacteurs": ("Rédacteurs", ["Contributor", "Editor", "Reader"]),
    "communication": (
        "Communication",
        ["Contributor", "Editor", "Reader", "Reviewer"],
    ),
    "cpas": ("CPAS", []),
}

# vocabularies.DEFAULT_SHOP_CATEGORIES of 1.0.0
DEFAULT_SHOP_CATEGORIES = (
    "food|Alimentation",
    "horeca|Horeca, cafés et restaurants",
    "clothing|Mode et habillement",
    "health|Santé et bien-être",
    "home|Maison et jardin",
    "services|Services",
    "leisure|Loisirs et culture",
    "mobility|Auto, moto, vélo",
)


# 1.0.0's <records interface=...> import gave these records the empty string
# of their fields' default; registry XML reads an empty <value> as None.
EMPTY_TEXT_RECORDS = (
    "ville.municipality.bic",
    "ville.municipality.city",
    "ville.municipality.email",
    "ville.municipality.iban",
    "ville.municipality.name",
    "ville.municipality.organisation",
    "ville.municipality.phone",
    "ville.municipality.postal_code",
    "ville.municipality.short_name",
    "ville.municipality.street",
    "ville.municipality.tagline",
)


def restore_empty_texts():
    registry = getUtility(IRegistry)
    for name in EMPTY_TEXT_RECORDS:
        registry.records[name].value = ""


def post_install(context):
    """1.0.0's post_install: groups, categories, workflow state of content."""
    restore_empty_texts()
    portal_groups = api.portal.get_tool("portal_groups")
    for group_id, (title, roles) in GROUPS.items():
        if api.group.get(groupname=group_id) is None:
            api.group.create(groupname=group_id, title=title)
        portal_groups.setRolesForGroup(group_id, roles)
    record = "ville.policy.shop_categories"
    if not api.portal.get_registry_record(record, default=None):
        api.portal.set_registry_record(record, list(DEFAULT_SHOP_CATEGORIES))
    api.portal.get_tool("portal_workflow").updateRoleMappings()
