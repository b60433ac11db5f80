"""ville.core: the municipality profile's reader and loader, shared by the
ville add-ons (see README). No Plone import: it runs before Zope starts."""

__version__ = "1.1.0.dev0"
