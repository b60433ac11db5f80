"""The scale-out deployment on one machine (see README.md, cluster.py)."""
