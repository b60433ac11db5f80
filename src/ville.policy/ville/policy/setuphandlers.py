from plone import api
from plone.base.interfaces import INonInstallable
from zope.interface import implementer


# Group id -> (title, global roles). cpas gets its roles locally on /cpas
# (see the municipality's tree.yaml), never site-wide.
GROUPS = {
    "redacteurs": ("Rédacteurs", ["Contributor", "Editor", "Reader"]),
    "communication": (
        "Communication",
        ["Contributor", "Editor", "Reader", "Reviewer"],
    ),
    "cpas": ("CPAS", []),
}


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Hide the uninstall profile from the add-ons control panel."""
        return ["ville.policy:uninstall"]


def ensure_groups():
    """Create the editorial groups with their site-wide roles."""
    for group_id, (title, roles) in GROUPS.items():
        group = api.group.get(groupname=group_id)
        if group is None:
            api.group.create(groupname=group_id, title=title)
        portal_groups = api.portal.get_tool("portal_groups")
        portal_groups.setRolesForGroup(group_id, roles)


def ensure_shop_categories():
    """Default directory categories, unless the site already has some."""
    from ville.policy.vocabularies import DEFAULT_SHOP_CATEGORIES

    record = "ville.policy.shop_categories"
    if not api.portal.get_registry_record(record, default=None):
        api.portal.set_registry_record(record, list(DEFAULT_SHOP_CATEGORIES))


def post_install(context):
    """Groups, categories, the workflow state of existing content and its
    publication window."""
    from ville.policy.upgrades.w11_schedule import ensure_window_index

    ensure_groups()
    ensure_shop_categories()
    api.portal.get_tool("portal_workflow").updateRoleMappings()
    # Content created before the add-on: into the publication window index.
    ensure_window_index(api.portal.get_tool("portal_catalog"))


def uninstall(context):
    """Give the content back to Plone's default workflow.

    The groups and the content stay: removing an add-on must not delete
    people's work.
    """
    workflow = api.portal.get_tool("portal_workflow")
    types = api.portal.get_tool("portal_types")
    ours = ("Procedure", "PublicService", "Roadwork", "Shop",
            "CommercialPremises", "QuickAccess", "Alert")
    for type_id in ours:
        if type_id in types:
            types.manage_delObjects([type_id])
    if "ville_publication_workflow" in workflow.objectIds():
        chains = {
            type_id: ("(Default)",)
            for type_id, chain in workflow.listChainOverrides()
            if "ville_publication_workflow" in chain
        }
        for type_id in chains:
            workflow.setChainForPortalTypes([type_id], "(Default)")
        if "ville_publication_workflow" in workflow.getDefaultChain():
            workflow.setDefaultChain("simple_publication_workflow")
        workflow.manage_delObjects(["ville_publication_workflow"])
        workflow.updateRoleMappings()
