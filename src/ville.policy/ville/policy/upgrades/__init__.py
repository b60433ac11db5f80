"""Upgrade steps of ville.policy, numbered by profile version."""


def noop(context):
    """First profile version: nothing to migrate."""
