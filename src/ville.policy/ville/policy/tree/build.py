"""Creating the sections, quick-access buttons and content that
:func:`ville.policy.tree.reader.load` read from ``tree.yaml``."""

from datetime import datetime
from pathlib import Path
from ville.policy.tree.dates import RelativeDate


def _image(profile_dir, filename):
    from plone.namedfile.file import NamedBlobImage

    data = (Path(profile_dir) / filename).read_bytes()
    return NamedBlobImage(data=data, filename=Path(filename).name)


def _resolve(value, portal, profile_dir, today, zone):
    from z3c.relationfield import RelationValue
    from zope.component import getUtility
    from zope.intid.interfaces import IIntIds

    if isinstance(value, RelativeDate):
        return value.resolve(today, zone)
    if isinstance(value, tuple) and value[0] == "image":
        return _image(profile_dir, value[1])
    if isinstance(value, tuple) and value[0] == "relation":
        target = portal.unrestrictedTraverse(value[1].lstrip("/"))
        return RelationValue(getUtility(IIntIds).getId(target))
    return value


def _container(portal, path):
    return portal if path == "/" else portal.unrestrictedTraverse(path.lstrip("/"))


def _set_state(obj, state):
    from plone import api

    if state == "private" or api.content.get_state(obj, default=None) in (None, state):
        return
    if state == "archived":
        api.content.transition(obj=obj, to_state="published")
    api.content.transition(obj=obj, to_state=state)


def _rich(text):
    from plone.app.textfield.value import RichTextValue

    return RichTextValue(text, "text/html", "text/x-html-safe")


def apply(portal, tree: dict) -> None:
    """Create the sections, buttons and content of ``tree.yaml``.

    Existing items (same path) are left as they are: applying twice is safe.
    Runs with the Manager role (site creation may run as a script).
    """
    from AccessControl import getSecurityManager
    from plone import api

    if not tree:
        return
    owner = _content_owner(portal, getSecurityManager().getUser())
    if owner is not None:
        with api.env.adopt_user(user=owner):
            _apply(portal, tree)
    else:
        with api.env.adopt_roles(["Manager"]):
            _apply(portal, tree)


def _content_owner(portal, user):
    """The user the created content belongs to.

    Site creation runs as Zope's "system" user, who has no id: content made
    by it has no owner, and Plone then fixes that on the first edit, which
    plone.protect refuses as a write on GET. Use a Manager of the Zope root
    (the site's admin) instead; None when the current user is a real one.
    """
    if user is not None and user.getId() is not None:
        return None
    root_users = portal.getPhysicalRoot().acl_users
    search = getattr(root_users, "searchUsers", None)  # PAS
    if search is not None:
        userids = [info.get("userid") for info in search()]
    else:  # a plain Zope user folder
        userids = list(root_users.getUserNames())
    for userid in sorted(filter(None, userids)):
        candidate = root_users.getUserById(userid) if search else root_users.getUser(userid)
        if candidate is not None and "Manager" in candidate.getRoles():
            return candidate.__of__(root_users)
    return None


def _apply(portal, tree):
    from DateTime import DateTime
    from plone import api
    from ville.policy.api import QUICK_ACCESS_FOLDER
    from ville.policy.content.minisite import sync_marker
    from ville.policy.dates import local_zone
    from ville.policy.dates import today as local_today

    if not tree:
        return
    profile_dir = tree["profile_dir"]
    zone, today = local_zone(), local_today()
    if tree["villages"]:
        api.portal.set_registry_record("ville.municipality.villages", list(tree["villages"]))
    if tree["shop_categories"]:
        api.portal.set_registry_record(
            "ville.policy.shop_categories", list(tree["shop_categories"])
        )
    for section in tree["sections"]:
        parent_path, _, section_id = section["path"].rpartition("/")
        parent = _container(portal, parent_path or "/")
        if section_id in parent.objectIds():
            continue
        folder = api.content.create(
            container=parent, type="Folder", id=section_id, title=section["title"],
            description=section["description"], safe_id=False,
        )
        folder.exclude_from_nav = section["exclude_from_nav"]
        if section["layout"]:
            folder.setLayout(section["layout"])
        for group, roles in section["local_roles"].items():
            folder.manage_setLocalRoles(group, roles)
        if section["minisite"] is not None:
            folder.minisite_enabled = True
            folder.minisite_title = section["minisite"]["title"] or section["title"]
            if section["minisite"]["logo"]:
                folder.minisite_logo = _image(profile_dir, section["minisite"]["logo"])
            sync_marker(folder)
        _set_state(folder, "published")
        folder.reindexObject()
        folder.reindexObjectSecurity()
    from plone.i18n.normalizer import idnormalizer

    if tree["quick_access"]:
        if QUICK_ACCESS_FOLDER not in portal.objectIds():
            folder = api.content.create(
                container=portal, type="Folder", id=QUICK_ACCESS_FOLDER,
                title="Accès directs", safe_id=False,
            )
            folder.exclude_from_nav = True
            _set_state(folder, "published")
            folder.reindexObject()
        folder = portal[QUICK_ACCESS_FOLDER]
        existing = {obj.title for obj in folder.objectValues()}
        for button in tree["quick_access"]:
            if button["title"] in existing:
                continue
            obj = api.content.create(
                container=folder, type="QuickAccess", title=button["title"],
                id=idnormalizer.normalize(button["title"]), safe_id=True,
                description=button["description"], icon=button["icon"],
                remoteUrl=button["url"], express=button["express"],
            )
            _set_state(obj, "published")
    for item in tree["content"]:
        container = _container(portal, item["path"])
        if item["id"] and item["id"] in container.objectIds():
            continue
        values = {
            name: _resolve(value, portal, profile_dir, today, zone)
            for name, value in item["fields"].items()
        }
        if item["type"] != "Event":  # z3c.form Datetime fields hold naive local times
            values = {
                name: value.replace(tzinfo=None) if isinstance(value, datetime) else value
                for name, value in values.items()
            }
        extra = (
            {"id": item["id"], "safe_id": False} if item["id"]
            else {"id": idnormalizer.normalize(item["title"]), "safe_id": True}
        )
        obj = api.content.create(
            container=container, type=item["type"], title=item["title"],
            description=item["description"], **extra,
        )
        for name, value in values.items():
            setattr(obj, name, value)
        if item["text"]:
            obj.text = _rich(item["text"])
        if item["image"]:
            obj.image = _image(profile_dir, item["image"])
        obj.exclude_from_nav = item["exclude_from_nav"]
        for key, attribute in (("effective", "effective_date"), ("expires", "expiration_date")):
            if item[key] is not None:
                setattr(obj, attribute, DateTime(item[key].resolve(today, zone)))
        _set_state(obj, item["state"])
        if item["effective"] is not None:  # publishing stamps "now": keep ours
            obj.effective_date = DateTime(item["effective"].resolve(today, zone))
        obj.reindexObject()
