"""Compile every add-on's ``locales/*/LC_MESSAGES/*.po`` into ``.mo``.

The ``.mo`` files are committed, so that a fresh clone serves French without
a compile step; ``make i18n`` refreshes them after a ``.po`` changes, and a
test checks they are up to date.
"""

from pathlib import Path
from pythongettext.msgfmt import Msgfmt

import sys


def po_files(root: Path):
    return sorted(root.glob("src/*/ville/*/locales/*/LC_MESSAGES/*.po"))


def compile_po(po: Path) -> bytes:
    with po.open("rb") as handle:
        return Msgfmt(handle, name=str(po)).get()


def main(argv) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    for po in po_files(root):
        po.with_suffix(".mo").write_bytes(compile_po(po))
        print(f"compiled {po.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
