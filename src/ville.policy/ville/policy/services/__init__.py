"""REST API additions: roadwork status in the JSON of a Roadwork, and the
``@roadworks`` endpoint (roadworks by status, as the /travaux page lists them)."""
