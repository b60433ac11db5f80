"""Reading and checking ``tree.yaml`` (see :mod:`ville.policy.tree`):
nothing here touches a site. :func:`load` reads the file against its schema
(:class:`ville.policy.tree.schema.Tree`) with the one reader of profile
files, and returns plain data for :func:`ville.policy.tree.build.apply`, or
raises one ProfileError line naming the file and the field."""

from pathlib import Path
from ville.core.profilefile import read
from ville.policy.tree.schema import Tree


TREE_FILE = "tree.yaml"


def load(profile_dir) -> dict:
    """Read and check ``tree.yaml``; return {} when the profile has none."""
    path = Path(profile_dir) / TREE_FILE
    if not path.exists():
        return {}
    tree = read(path, Tree)
    return {
        "file": str(path),
        "profile_dir": str(Path(profile_dir)),
        "villages": tree.villages,
        "shop_categories": [f"{token}|{label}" for token, label in tree.shop_categories],
        "sections": tree.flat_sections(),
        "quick_access": [button.model_dump() for button in tree.quick_access],
        "content": [item.model_dump() for item in tree.content],
    }
