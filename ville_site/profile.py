"""Municipality profiles: each add-on reads and applies its own part.

Each module listed in IMPORTERS has ``load(profile_dir) -> data`` (checks
everything, raises ValueError with one clear line, writes nothing) and
``apply(portal, data)``. All are loaded before any is applied.
"""

from importlib import import_module
from importlib.util import find_spec


IMPORTERS = (
    "ville.policy.municipality",
    "ville.theme.municipality",
    "ville.eguichet.municipality",
)


def importers():
    """The importer modules of the add-ons installed in this environment."""
    found = []
    for name in IMPORTERS:
        try:
            spec = find_spec(name)
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            found.append(import_module(name))
    return found


def load_all(profile_dir):
    """Check the whole profile; return [(module, data)] to apply in order."""
    return [(module, module.load(profile_dir)) for module in importers()]


def apply_all(portal, loaded):
    for module, data in loaded:
        module.apply(portal, data)
