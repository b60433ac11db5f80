"""What a GenericSetup install leaves in a Plone site, and how two sites differ.

Used by test_upgrades: a site upgraded from a frozen release must hold what
a fresh install of the current profile holds. ``snapshot(portal)`` reads the
configuration a profile or its install handler can set, on the whole site
(not only the add-on's own names: a profile also changes Plone's records,
types and chains), as ``{category: {key: plain value}}``; ``differences()``
names each differing item in one readable line.

Categories: installed profiles and their versions; registry records (field
type and value; the order of a sequence value is ignored, as ``purge="false"``
imports append); roles and the site's permission -> roles settings; workflows
(states, transitions, variables, permissions per state) and the chain of each
type; types (every FTI property, actions, aliases); catalog indexes and
metadata columns; groups (title, global roles); control panel configlets and
portal actions; browser layers; the site root (layout, objects); every
content object (state, permissions, local roles, catalog indexes and
metadata but times and UIDs); versioning and diff policies; the MailHost's
queue settings.

``differences`` lives in :mod:`ville.testing.upgradediff` (imported here).
"""

from AccessControl.Permission import Permission
from collections.abc import Mapping
from collections.abc import Sequence
from plone.registry.interfaces import IRegistry
from Products.CMFCore.Expression import Expression
from ville.testing.upgradediff import differences  # noqa: F401 (the API)
from zope.component import getUtility


UNKNOWN = "unknown"

# Records whose value is the time of the install: never equal on two sites.
VOLATILE_RECORDS = {
    "plone.resources.last_legacy_import",
}
VOLATILE_SUFFIXES = (".last_compilation",)
# Catalog entries that are times or unique ids: never equal for two objects.
VOLATILE_CATALOG = {
    "UID", "created", "modified", "effective", "expires", "effectiveRange", "Date",
    "CreationDate", "ModificationDate", "EffectiveDate", "ExpirationDate",
    "eguichet_processing",  # a duration between two instants
}
# Keys of a dictionary column that are instants (ville.eguichet's eguichet_row).
VOLATILE_COLUMN_KEYS = {"submitted"}


def plain(value):
    """Persistent containers, messages, sets, expressions as plain values."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, Mapping):
        items = sorted(value.items(), key=lambda item: str(item[0]))
        return {str(k): plain(v) for k, v in items}
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=repr)
    if isinstance(value, Sequence):
        return [plain(v) for v in value]
    if isinstance(value, Expression):
        return value.text
    return value


def profiles(portal, ignore=()):
    setup = portal.portal_setup
    result = {}
    for info in setup.listProfileInfo():
        profile_id = info["id"]
        if profile_id in ignore:
            continue
        version = setup.getLastVersionForProfile(profile_id)
        if version != UNKNOWN:
            result[profile_id] = ".".join(version)
    return result


def _field(field):
    described = [type(field).__name__]
    for attr in ("value_type", "key_type"):
        sub = getattr(field, attr, None)
        if sub is not None:
            described.append(f"{attr}={type(sub).__name__}")
    vocabulary = getattr(field, "vocabularyName", None)
    if vocabulary:
        described.append(f"vocabulary={vocabulary}")
    # What a value is checked against (titles and defaults are not used once
    # the record exists).
    for attr in ("required", "min", "max", "min_length", "max_length"):
        if hasattr(field, attr):
            described.append(f"{attr}={getattr(field, attr)!r}")
    return " ".join(described)


def registry(portal):
    records = getUtility(IRegistry).records
    result = {}
    for name in records:
        if name in VOLATILE_RECORDS or name.endswith(VOLATILE_SUFFIXES):
            continue
        record = records[name]
        value = plain(record.value)
        if isinstance(value, list):
            value = sorted(value, key=repr)
        result[name] = {"field": _field(record.field), "value": value}
    return result


def permission_settings(obj):
    """{permission: (sorted roles, acquired)} of every permission of obj."""
    result = {}
    for name, value in [p[:2] for p in obj.ac_inherited_permissions(1)]:
        roles = Permission(name, value, obj).getRoles(default=[])
        result[name] = {
            "roles": sorted(roles),
            "acquire": isinstance(roles, list),
        }
    return result


def roles(portal):
    return {role: True for role in portal.validRoles()}


def _children(workflow, folder):
    """States, transitions... of a DCWorkflow; none for other workflows."""
    container = getattr(workflow, folder, None)
    return container.objectValues() if container is not None else ()


def workflows(portal):
    wtool = portal.portal_workflow
    result = {}
    for wf in wtool.objectValues():
        prefix = wf.getId()
        result[prefix] = {
            "meta_type": wf.meta_type,
            "title": str(getattr(wf, "title", "")),
            "description": str(getattr(wf, "description", "")),
            "initial_state": getattr(wf, "initial_state", None),
            "state_variable": getattr(wf, "state_var", None),
            "permissions": sorted(getattr(wf, "permissions", ())),
            "manager_bypass": bool(getattr(wf, "manager_bypass", False)),
        }
        for state in _children(wf, "states"):
            key = f"{prefix}: state {state.getId()}"
            result[key] = {
                "title": str(state.title),
                "description": str(state.description),
                "transitions": sorted(state.transitions),
                "group_roles": plain(state.group_roles or {}),
                "variables": plain(state.var_values or {}),
            }
            for permission, perm_roles in (state.permission_roles or {}).items():
                result[f"{key}: permission {permission}"] = {
                    "roles": sorted(perm_roles),
                    "acquire": isinstance(perm_roles, list),
                }
        for transition in _children(wf, "transitions"):
            guard = transition.guard
            result[f"{prefix}: transition {transition.getId()}"] = {
                "title": str(transition.title),
                "new_state": transition.new_state_id,
                "trigger": transition.trigger_type,
                "guard permissions": sorted(guard.permissions) if guard else [],
                "guard roles": sorted(guard.roles) if guard else [],
                "guard groups": sorted(guard.groups) if guard else [],
                "guard expression": guard.getExprText() if guard else "",
                "action": [transition.actbox_name, transition.actbox_url,
                           transition.actbox_category],
                "scripts": [transition.script_name, transition.after_script_name],
                "variables": sorted(plain(transition.var_exprs or {})),
            }
        for variable in _children(wf, "variables"):
            result[f"{prefix}: variable {variable.getId()}"] = {
                "default": plain(variable.default_value),
                "expression": variable.getDefaultExprText(),
                "for_catalog": bool(variable.for_catalog),
                "for_status": bool(variable.for_status),
                "update_always": bool(variable.update_always),
            }
        for worklist in _children(wf, "worklists"):
            result[f"{prefix}: worklist {worklist.getId()}"] = {
                "variables": plain(worklist.var_matches or {}),
                "guard": sorted(worklist.guard.permissions) if worklist.guard else [],
            }
    return result


def chains(portal):
    wtool = portal.portal_workflow
    result = {"(default)": list(wtool.getDefaultChain())}
    for type_id in portal.portal_types.objectIds():
        result[type_id] = list(wtool.getChainForPortalType(type_id))
    return result


def types(portal):
    result = {}
    for fti in portal.portal_types.objectValues():
        type_id = fti.getId()
        result[type_id] = fti.meta_type
        for name, value in fti.propertyItems():
            result[f"{type_id}: {name}"] = plain(value)
        for action in fti.listActions():
            result[f"{type_id}: action {action.getId()}"] = plain(action.getMapping())
        result[f"{type_id}: aliases"] = plain(fti.getMethodAliases())
    return result


def catalog(portal):
    cat = portal.portal_catalog
    result = {}
    for index_id in cat.indexes():
        index = cat._catalog.getIndex(index_id)
        sources = getattr(index, "getIndexSourceNames", lambda: ())()
        result[f"index {index_id}"] = {
            "type": index.meta_type,
            "attributes": list(sources),
        }
    for column in cat.schema():
        result[f"column {column}"] = True
    return result


def groups(portal):
    gtool = portal.portal_groups
    result = {}
    for group_id in gtool.getGroupIds():
        group = gtool.getGroupById(group_id)
        result[group_id] = {
            "title": group.getProperty("title"),
            "description": group.getProperty("description"),
            "roles": sorted(r for r in group.getRoles() if r != "Authenticated"),
        }
    return result


def controlpanel(portal):
    result = {}
    for configlet in portal.portal_controlpanel.listActions():
        data = plain(configlet.getMapping())
        data["appId"] = getattr(configlet, "appId", "")
        result[configlet.getId()] = data
    return result


def actions(portal):
    result = {}

    def walk(container, path):
        for obj in container.objectValues():
            here = f"{path}/{obj.getId()}" if path else obj.getId()
            result[here] = {k: plain(v) for k, v in obj.propertyItems()}
            if hasattr(obj, "objectValues"):
                walk(obj, here)

    walk(portal.portal_actions, "")
    return result


def browserlayers(portal):
    from plone.browserlayer.utils import registered_layers

    return {layer.__identifier__: True for layer in registered_layers()}


def site_root(portal):
    result = {"layout": portal.getLayout(), "default page": portal.getDefaultPage()}
    for obj_id in portal.objectIds():
        obj = portal[obj_id]
        result[f"object {obj_id}"] = getattr(obj, "portal_type", None) or obj.meta_type
    return result


def content(portal):
    """Every content object: state, permissions, local roles, catalog entry.

    Content that the install handler creates, and content a site held before
    the upgrade (the test creates the same in both sites): what a workflow
    change without ``updateRoleMappings`` or a new index without reindexing
    leaves behind shows here."""
    from Products.CMFCore.indexing import processQueue
    from Products.CMFCore.interfaces import IFolderish

    processQueue()
    wtool = portal.portal_workflow
    catalog = portal.portal_catalog
    result = {}
    site_path = "/".join(portal.getPhysicalPath())

    def walk(container):
        for obj in container.contentValues():
            path = "/".join(obj.getPhysicalPath())
            key = path[len(site_path) + 1:]
            result[key] = obj.portal_type
            result[f"{key}: title"] = str(obj.Title())
            result[f"{key}: state"] = wtool.getInfoFor(obj, "review_state", None)
            result[f"{key}: local roles"] = plain(dict(obj.get_local_roles()))
            for permission, setting in permission_settings(obj).items():
                result[f"{key}: permission {permission}"] = setting
            rid = catalog.getrid(path)
            if rid is None:
                result[f"{key}: catalogued"] = False
            else:
                indexed = catalog.getIndexDataForRID(rid)
                for name in sorted(indexed):
                    if name not in VOLATILE_CATALOG:
                        value = plain(indexed[name])
                        if catalog._catalog.getIndex(name).meta_type == "KeywordIndex":
                            # A keyword index's values are a set.
                            value = sorted(value, key=repr)
                        result[f"{key}: index {name}"] = value
                metadata = catalog.getMetadataForRID(rid)
                for name in sorted(metadata):
                    if name not in VOLATILE_CATALOG:
                        value = metadata[name]
                        if isinstance(value, dict):
                            value = {k: v for k, v in value.items()
                                     if k not in VOLATILE_COLUMN_KEYS}
                        result[f"{key}: column {name}"] = plain(value)
            if IFolderish.providedBy(obj):
                walk(obj)

    walk(portal)
    return result


def versioning(portal):
    result = {}
    repository = getattr(portal, "portal_repository", None)
    if repository is not None:
        result["versionable types"] = sorted(repository.getVersionableContentTypes())
        # A type's policies are a set (their order changes on re-import).
        for type_id, policies in repository.getPolicyMap().items():
            result[f"policies of {type_id}"] = sorted(policies)
    diff = getattr(portal, "portal_diff", None)
    if diff is not None:
        # The tool has no public reading of its whole mapping.
        result["diff types"] = plain(getattr(diff, "_pt_diffs", {}))
    return result


def mailhost(portal):
    host = portal.MailHost
    return {
        name: plain(getattr(host, name, None))
        for name in ("smtp_host", "smtp_port", "smtp_queue", "smtp_queue_directory")
    }


def snapshot(portal, ignore_profiles=()):
    return {
        "profile": profiles(portal, ignore_profiles),
        "registry record": registry(portal),
        "role": roles(portal),
        "site permission": permission_settings(portal),
        "workflow": workflows(portal),
        "workflow chain of type": chains(portal),
        "type": types(portal),
        "catalog": catalog(portal),
        "group": groups(portal),
        "control panel": controlpanel(portal),
        "portal action": actions(portal),
        "browser layer": browserlayers(portal),
        "site root": site_root(portal),
        "content": content(portal),
        "versioning": versioning(portal),
        "mail host": mailhost(portal),
    }
