"""The Debian packages the tests (and the cluster) need, installed when
missing: the lists of ``.ci/apt.d/*.txt`` (one package a line, ``#``
comments), or the packages named on the command line.

    python -m ville_site.systemdeps                  # make test: every list
    python -m ville_site.systemdeps varnish haproxy  # make run-cluster

Run as root, missing packages are installed with apt-get (the package lists
refreshed once if that fails); otherwise one line says what to run, and the
exit status is 1. Standard library only: it runs before the virtualenv.
"""

from pathlib import Path

import os
import shutil
import subprocess
import sys


ROOT = Path(__file__).resolve().parent.parent
APT_LISTS = ROOT / ".ci" / "apt.d"


class MissingPackages(Exception):
    """Packages are missing and cannot be installed here; one line."""


def listed_packages(folder: Path = APT_LISTS) -> list:
    """The packages of every ``*.txt`` list of the folder, in order, once."""
    found = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for name in line.split("#", 1)[0].split():
                if name not in found:
                    found.append(name)
    return found


def missing_packages(names) -> list | None:
    """The packages dpkg does not list as installed; None without dpkg."""
    dpkg_query = shutil.which("dpkg-query")
    if dpkg_query is None:
        return None
    missing = []
    for name in names:
        result = subprocess.run([dpkg_query, "-W", "-f=${Status}", name],
                                capture_output=True, text=True)
        if result.returncode or not result.stdout.endswith(" installed"):
            missing.append(name)
    return missing


def install_command(names) -> list:
    return ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *names]


def ensure(names, is_root=None, run=subprocess.run) -> list:
    """Install the missing packages among ``names``; return those installed.

    Raises MissingPackages when some are missing and this is not root, or
    when apt-get fails."""
    missing = missing_packages(names)
    if not missing:
        return []
    is_root = os.geteuid() == 0 if is_root is None else is_root
    wanted = " ".join(missing)
    if not is_root:
        raise MissingPackages(
            f"missing Debian packages: {wanted}; run `sudo apt-get install "
            f"--no-install-recommends {wanted}` (or this command as root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    quiet = {"env": env, "stdout": subprocess.DEVNULL}
    if run(install_command(missing), **quiet).returncode:
        run(["apt-get", "update", "-qq"], **quiet)
        if run(install_command(missing), **quiet).returncode:
            raise MissingPackages(f"apt-get could not install: {wanted}")
    return missing


def main(argv) -> int:
    names = argv[1:] or listed_packages()
    if missing_packages(names) is None:
        print("note: no dpkg here: install the equivalents of "
              f"{' '.join(names)} with this system's package manager", file=sys.stderr)
        return 0
    try:
        installed = ensure(names)
    except MissingPackages as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if installed:
        print(f"installed the Debian packages {' '.join(installed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
