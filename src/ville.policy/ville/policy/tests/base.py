"""Helpers shared by ville.policy's tests (not a test module)."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID


def as_manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])


def add_member(userid, groups=(), email=None):
    user = api.user.create(
        username=userid,
        email=email or f"{userid}@example.org",
        password="secret-password-123",
        properties={"fullname": userid.capitalize()},
    )
    for group in groups:
        api.group.add_user(groupname=group, username=userid)
    return user


class anonymous:
    """Context manager: run as the anonymous user (not a user with the
    Anonymous role: that one would still be the owner of what it created)."""

    def __enter__(self):
        from AccessControl.SecurityManagement import getSecurityManager
        from AccessControl.SecurityManagement import newSecurityManager
        from AccessControl.SpecialUsers import nobody

        self.previous = getSecurityManager()
        newSecurityManager(None, nobody)

    def __exit__(self, *exc):
        from AccessControl.SecurityManagement import setSecurityManager

        setSecurityManager(self.previous)
