"""How two snapshots of :mod:`ville.testing.upgradecheck` differ: one
readable line per differing item (an upgraded site against a fresh install).
"""


def differences(upgraded, fresh, accepted=()):
    """One line per item that differs, as '<category> <key>: ...'.

    ``accepted``: (category, key) pairs whose difference is intended (a site
    keeps its own value); each must come with a reason where it is listed."""
    lines = []
    for category in fresh:
        ours, theirs = upgraded.get(category, {}), fresh[category]
        for key in sorted(set(ours) | set(theirs)):
            if (category, key) in accepted:
                continue
            if key not in ours:
                lines.append(
                    f"{category} {key}: missing after upgrade "
                    f"(a fresh install has {theirs[key]!r})"
                )
            elif key not in theirs:
                lines.append(
                    f"{category} {key}: left after upgrade, not in a fresh install "
                    f"({ours[key]!r})"
                )
            elif ours[key] != theirs[key]:
                lines.append(_changed(category, key, ours[key], theirs[key]))
    return lines


def _changed(category, key, ours, theirs):
    if isinstance(ours, dict) and isinstance(theirs, dict):
        parts = [
            _describe(name, ours.get(name), theirs.get(name))
            for name in sorted(set(ours) | set(theirs))
            if ours.get(name) != theirs.get(name)
        ]
        return f"{category} {key}: " + "; ".join(parts)
    return f"{category} {key}: " + _describe("", ours, theirs)


def _describe(name, ours, theirs):
    """What differs, naming the missing or extra items of a list."""
    label = f"{name} " if name else ""
    if isinstance(ours, list) and isinstance(theirs, list):
        missing = [item for item in theirs if item not in ours]
        extra = [item for item in ours if item not in theirs]
        if not missing and not extra:
            return (
                f"{label}in another order after upgrade ({ours!r}; "
                f"fresh install {theirs!r})"
            )
        parts = []
        if missing:
            parts.append(f"{label}missing after upgrade: {missing!r}")
        if extra:
            parts.append(
                f"{label}left after upgrade, not in a fresh install: {extra!r}")
        return ", ".join(parts)
    return f"{label}{ours!r} after upgrade, {theirs!r} in a fresh install"
