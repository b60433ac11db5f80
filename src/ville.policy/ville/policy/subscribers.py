"""Event subscribers that are neither mail nor scheduling."""

from ville.policy.content.minisite import sync_marker


def minisite_changed(obj, event):
    sync_marker(obj, event)
