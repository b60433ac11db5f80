"""The one loader of a municipality profile: every installed add-on's part
is checked before any is written.

A profile is a folder (``profiles/<name>/`` in the site project) of YAML
files and the files they name. Each add-on owns the schema of its part and
declares the part in its ``setup.py``, under the entry point group
``ville.profile``::

    entry_points={"ville.profile": ["policy = ville.policy.municipality:PROFILE_PART"]}

where ``PROFILE_PART`` is a :class:`ProfilePart`. The loader finds the parts
of the add-ons installed in the environment (none of them is named here), so
that each add-on still installs alone, and :func:`load_all` is what a site
creation calls first: a bad profile stops it with one line
``file: field 'a.b[0].c' message`` and nothing written.
"""

from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any
from typing import Callable
from ville.core.profilefile import ProfileError


GROUP = "ville.profile"


@dataclass(frozen=True)
class ProfilePart:
    """One add-on's part of a municipality profile.

    ``load(profile_dir) -> data`` reads and checks the part against the
    add-on's schema, writes nothing, and raises ProfileError (a ValueError)
    with one line naming the file and the field. ``apply(portal, data)``
    writes ``data`` into the site. Parts are loaded, then applied, by
    ascending ``order`` (the identity first: the site's language and time
    zone come from it)."""

    name: str
    order: int
    load: Callable[[Path], Any]
    apply: Callable[[Any, Any], None]


def parts(group: str = GROUP) -> list:
    """The profile parts the installed distributions declare, in order.

    Raises TypeError when an entry point does not name a ProfilePart."""
    found = {}
    for point in entry_points(group=group):
        part = point.load()
        if not isinstance(part, ProfilePart):
            raise TypeError(f"entry point {point.name} = {point.value}: not a ProfilePart")
        found.setdefault(part.name, part)
    return sorted(found.values(), key=lambda part: (part.order, part.name))


def load_all(profile_dir, group: str = GROUP) -> list:
    """Check the whole profile; return ``[(part, data)]`` for :func:`apply_all`.

    Writes nothing; raises ProfileError with one line naming the file and
    the field of the first error."""
    profile_dir = Path(profile_dir)
    if not profile_dir.is_dir():
        raise ProfileError(f"{profile_dir}: no such municipality profile")
    return [(part, part.load(profile_dir)) for part in parts(group)]


def apply_all(portal, loaded) -> None:
    """Write each part :func:`load_all` checked into the site, in order."""
    for part, data in loaded:
        part.apply(portal, data)
