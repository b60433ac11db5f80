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
