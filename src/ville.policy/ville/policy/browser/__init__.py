"""Views of ville.policy: listings, control panel, shop import."""
