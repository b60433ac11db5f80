"""Municipality profiles: each add-on reads and applies its own part.

Each module listed in IMPORTERS has ``load(profile_dir) -> data`` (checks its
part against the pydantic schema the add-on owns, raises ValueError with one
line ``file: field 'path.to.field' message``, writes nothing) and
``apply(portal, data)``. :func:`load_all` is the one loader: every add-on's
part of the whole profile is checked before any is applied.

Who owns what (each writes its part into its own registry records, one
record per setting): ville.policy ``municipality.yaml``'s identity (name,
language, time zone) and ``tree.yaml``; ville.theme ``logo:``, ``look:``,
``contact:``, ``opening_hours:`` and ``social:`` (it shows them);
ville.eguichet ``eguichet.yaml`` and the IBAN (it prints the account on
receipts).
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
