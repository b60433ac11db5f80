"""The assembled municipal site: instance configuration, preflight checks and
site creation from a municipality profile (``profiles/<name>/``)."""
