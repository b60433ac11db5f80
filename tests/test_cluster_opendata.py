"""Through the real proxy (Varnish, HAProxy, two Zope instances, ZEO): the
open data feeds are cached like pages, and a change reaches them within a
second (Plone purges the feeds that list the changed item)."""

from datetime import date
from datetime import timedelta
from tests.clusterlib import http
from tests.clusterlib import require_tools
from tests.test_cluster import ADMIN
from tests.test_cluster import ClusterLayer

import json
import time
import unittest
import uuid


class TestFeedsThroughTheProxy(unittest.TestCase):
    layer = ClusterLayer
    level = 2  # shares the cluster of tests/test_cluster.py

    def setUp(self):
        require_tools(self, self.layer.missing and (
            f"{', '.join(self.layer.missing)} not installed "
            "(Debian packages varnish, haproxy: .ci/apt.d/perf.txt)"))
        self.balancer, self.varnish = self.layer.balancer, self.layer.varnish

    def create(self, container, fields):
        status, _, body = http(f"{self.balancer}{container}", "POST", fields, auth=ADMIN)
        self.assertEqual(status, 201, body[:300])
        path = json.loads(body)["@id"].split("/Plone", 1)[1]
        status, _, body = http(f"{self.balancer}{path}/@workflow/publish", "POST",
                               {}, auth=ADMIN)
        self.assertEqual(status, 200, body[:300])
        return path

    def cached(self, path):
        http(f"{self.varnish}{path}")
        status, headers, body = http(f"{self.varnish}{path}")
        self.assertEqual((status, headers["X-Cache"]), (200, "HIT"), path)
        return body

    def within_a_second(self, feeds, text):
        """Poll the proxy until every feed shows ``text``; fail after 1 s."""
        changed = time.monotonic()
        waiting = set(feeds)
        while waiting:
            for path in list(waiting):
                if text in http(f"{self.varnish}{path}")[2]:
                    waiting.discard(path)
            self.assertLess(time.monotonic() - changed, 1.0,
                            f"stale feeds after 1 s: {sorted(waiting)}")
            if waiting:
                time.sleep(0.05)

    def test_a_change_reaches_the_feeds_through_varnish_within_a_second(self):
        tag = uuid.uuid4().hex[:6]
        today = date.today()
        work = self.create("/travaux", {
            "@type": "Roadwork", "title": f"Chantier {tag}", "location": "Rue Haute",
            "village": "Bury", "start": (today - timedelta(days=1)).isoformat(),
            "end": (today + timedelta(days=9)).isoformat(), "impact": "road_closed",
            "operator": "commune"})
        roadwork_feeds = ["/travaux/@@roadworks.geojson", "/travaux/@@roadworks.ics"]
        for feed in roadwork_feeds:
            self.assertIn(f"Chantier {tag}", self.cached(feed))
        self.assertIn(f"Chantier {tag}", json.dumps(json.loads(
            self.cached(roadwork_feeds[0])), ensure_ascii=False))

        status, _, body = http(f"{self.balancer}{work}", "PATCH",
                               {"title": f"Réfection {tag}"}, auth=ADMIN)
        self.assertEqual(status, 204, body[:300])
        self.within_a_second(roadwork_feeds, f"Réfection {tag}")

        event_feeds = ["/@@events.ics", "/agenda/@@events.ics"]
        for feed in event_feeds:
            self.cached(feed)
        start = today + timedelta(days=5)
        self.create("/agenda", {
            "@type": "Event", "title": f"Brocante {tag}",
            "start": f"{start.isoformat()}T09:00:00+01:00",
            "end": f"{start.isoformat()}T17:00:00+01:00"})
        self.within_a_second(event_feeds, f"Brocante {tag}")
