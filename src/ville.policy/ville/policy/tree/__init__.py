"""The site tree and demo content of a municipality: ``tree.yaml``.

``tree.yaml`` is optional (a profile without it gets no tree). It holds:

- ``villages``: the villages/sections of the municipality;
- ``shop_categories``: the directory's categories ('id|Label' lines);
- ``sections``: folders (nested ``children``), each with ``id``, ``title``,
  optional ``description``, ``layout``, ``minisite`` (title/logo),
  ``local_roles`` ({group: [roles]}), ``exclude_from_nav``;
- ``quick_access``: the home page's buttons in order (``title``, ``icon``,
  ``url``, ``express``), created in ``/acces-directs``;
- ``content``: pages and items (``type``, ``path`` of the container, ``id``,
  ``title``, ``description``, ``text`` (HTML), ``image``, ``state``,
  ``effective``/``expires`` and ``fields``: the type's field ids).

Dates may be absolute (``2026-03-01``, ``2026-03-01 18:00``) or relative to
the day the site is created (``today``, ``today+12``, ``today-3 09:30``), so
that demo roadworks and events stay ongoing/upcoming. :func:`load` checks
everything (one ProfileError line naming file and field) without a site;
:func:`apply` creates what is missing and never replaces existing content.
"""

from ville.policy.tree.build import apply
from ville.policy.tree.dates import RelativeDate
from ville.policy.tree.reader import load
from ville.policy.tree.reader import TREE_FILE


__all__ = ["apply", "load", "RelativeDate", "TREE_FILE"]
