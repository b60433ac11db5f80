"""Who may be responsible for re-reading: the site's staff, as users or
groups; never its citizens (e-guichet accounts belong to no group and hold
no global role), whom a list of every member would show by thousands."""

from plone import api
from ville.policy import _
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


HIDDEN_GROUPS = ("AuthenticatedUsers",)
STAFF_ROLES = ("Manager", "Site Administrator", "Reviewer", "Editor", "Contributor")


def staff_groups():
    return [g for g in api.group.get_groups() if g.getId() not in HIDDEN_GROUPS]


def staff_userids():
    """Members of the staff groups and holders of a global staff role."""
    userids = set()
    for group in staff_groups():
        userids.update(m.getId() for m in group.getGroupMembers() if m is not None
                       and not getattr(m, "isGroup", lambda: False)())
    acl = api.portal.get_tool("acl_users")
    manager = getattr(acl, "portal_role_manager", None)
    if manager is not None:
        for role in STAFF_ROLES:
            for principal_id, _title in manager.listAssignedPrincipals(role):
                if api.user.get(userid=principal_id) is not None:
                    userids.add(principal_id)
    return userids


def owner_title(principal_id: str) -> str:
    """A group's title or a user's full name (the id when unknown)."""
    if not principal_id:
        return ""
    group = api.group.get(groupname=principal_id)
    if group is not None:
        return group.getProperty("title") or principal_id
    user = api.user.get(userid=principal_id)
    if user is not None:
        return user.getProperty("fullname") or principal_id
    return principal_id


def members(principal_id: str):
    """(userid, e-mail, full name) of a user, or of each member of a group
    (nested groups included); members without an address are left out."""
    group = api.group.get(groupname=principal_id) if principal_id else None
    if group is not None:
        users = api.user.get_users(groupname=principal_id)
    else:
        user = api.user.get(userid=principal_id) if principal_id else None
        users = [user] if user is not None else []
    result = []
    for user in users:
        email = user.getProperty("email")
        if email:
            result.append((user.getId(), email, user.getProperty("fullname") or user.getId()))
    return result


@provider(IVocabularyFactory)
def ReviewOwnersVocabulary(context=None):
    """Groups first ("Équipe : Communication"), then users by name. The
    item's current value stays choosable even if it left the staff."""
    return _LazyVocabulary(lambda: _owner_terms(context))


def _owner_terms(context):
    terms, seen = _staff_terms()
    terms, seen = list(terms), set(seen)
    current = None
    try:
        current = getattr(context, "review_owner", None)
    except Exception:  # any context, e.g. an add form's container
        current = None
    if isinstance(current, str) and current and current not in seen:
        terms.append(SimpleTerm(current, token=current, title=owner_title(current)))
    return terms


class _LazyVocabulary(SimpleVocabulary):
    """A SimpleVocabulary whose terms are made when it is first read. The
    field is bound, hence its vocabulary made, for every add and edit
    through REST (the deserializer binds each field of the schema), also
    when the field is not sent: the staff's groups and members are read
    only when a widget, a serializer or a validation asks."""

    def __init__(self, make_terms):
        self._make_terms = make_terms
        self._made = None

    def _vocabulary(self):
        if self._made is None:
            self._made = SimpleVocabulary(self._make_terms())
        return self._made

    by_value = property(lambda self: self._vocabulary().by_value)
    by_token = property(lambda self: self._vocabulary().by_token)
    _terms = property(lambda self: self._vocabulary()._terms)


def _staff_terms():
    """The staff's terms, once per request: an item's page builds the field's
    widget more than once (the groups and their members are read each time)."""
    from zope.annotation.interfaces import IAnnotations
    from zope.globalrequest import getRequest

    request = getRequest()
    memo = IAnnotations(request, None) if request is not None else None
    key = "ville.policy.review.owners.staff_terms"
    if memo is not None and key in memo:
        return memo[key]
    terms, seen = [], set()
    groups = [(g.getProperty("title") or g.getId(), g.getId()) for g in staff_groups()]
    for title, gid in sorted(groups, key=lambda pair: pair[0].lower()):
        seen.add(gid)
        terms.append(SimpleTerm(gid, token=gid, title=_(
            "Team: ${name}", mapping={"name": title})))
    users = []
    for userid in staff_userids() - seen:
        users.append((owner_title(userid), userid))
    for title, userid in sorted(users, key=lambda pair: pair[0].lower()):
        seen.add(userid)
        terms.append(SimpleTerm(userid, token=userid, title=title))
    found = (tuple(terms), frozenset(seen))
    if memo is not None:
        memo[key] = found
    return found
