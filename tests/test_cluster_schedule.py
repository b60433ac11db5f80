"""Through the real proxy (Varnish, HAProxy, two Zope instances, ZEO), the
cache follows the dates with no edit and no purge: a page and a file that
expire are gone from the proxy within a second of their expiry, and a
scheduled page appears at its date."""

from base64 import b64encode
from DateTime import DateTime
from tests.clusterlib import http
from tests.clusterlib import require_tools
from tests.test_cluster import ADMIN
from tests.test_cluster import ClusterLayer

import json
import time
import unittest
import uuid


class TestScheduleThroughTheProxy(unittest.TestCase):
    layer = ClusterLayer
    level = 2  # shares the cluster of tests/test_cluster.py

    def setUp(self):
        require_tools(self, self.layer.missing and (
            f"{', '.join(self.layer.missing)} not installed "
            "(Debian packages varnish, haproxy: .ci/apt.d/perf.txt)"))
        self.balancer, self.varnish = self.layer.balancer, self.layer.varnish

    def create(self, fields, publish=True):
        status, _, body = http(self.balancer, "POST", fields, auth=ADMIN)
        self.assertEqual(status, 201, body[:300])
        path = json.loads(body)["@id"].split("/Plone", 1)[1]
        if publish:
            status, _, body = http(f"{self.balancer}{path}/@workflow/publish", "POST",
                                   {}, auth=ADMIN)
            self.assertEqual(status, 200, body[:300])
        return path

    def set_dates(self, path, **dates):
        status, _, body = http(f"{self.balancer}{path}", "PATCH", dates, auth=ADMIN)
        self.assertEqual(status, 204, body[:300])

    def cached(self, path):
        """Ask the proxy twice: the second answer comes from its cache."""
        http(f"{self.varnish}{path}")
        status, headers, _ = http(f"{self.varnish}{path}")
        self.assertEqual((status, headers["X-Cache"]), (200, "HIT"), path)

    def test_expiry_and_publication_dates_reach_the_proxy_on_time(self):
        tag = uuid.uuid4().hex[:6]
        # Plone keeps publication dates to the minute: the next whole minute
        # at least 30 seconds away.
        start = time.time()
        boundary = DateTime((int(start + 30) // 60 + 1) * 60)
        when = boundary.ISO8601()
        page = self.create({"@type": "Document", "title": f"Avis {tag}"})
        self.set_dates(page, expires=when)
        pdf = b64encode(b"%PDF-1.4 avis").decode()
        file_ = self.create({"@type": "File", "title": f"Avis PDF {tag}", "file": {
            "data": pdf, "encoding": "base64", "filename": f"avis-{tag}.pdf",
            "content-type": "application/pdf"}}, publish=False)
        self.set_dates(file_, expires=when)
        scheduled = self.create({"@type": "Document", "title": f"Annonce {tag}"})
        self.set_dates(scheduled, effective=when)
        download = f"{file_}/@@download/file"

        status, _, body = http(f"{self.balancer}{page}", auth=ADMIN,
                               headers={"Accept": "application/json"})
        self.assertEqual(DateTime(json.loads(body)["expires"]).timeTime(),
                         boundary.timeTime())
        self.assertLess(time.time(), boundary.timeTime() - 5, "set up too slow")
        self.cached(page)
        self.cached(download)
        self.assertEqual(http(f"{self.varnish}{scheduled}")[0], 404)

        time.sleep(max(0.0, boundary.timeTime() - time.time()))
        checks = {page: 404, download: 404, scheduled: 200}
        seen = {}
        while checks:
            late = time.time() - boundary.timeTime()
            for path, expected in list(checks.items()):
                seen[path] = http(f"{self.varnish}{path}")[0]
                if seen[path] == expected:
                    del checks[path]
            self.assertLess(late, 1.0, f"still served 1 s after the date: {seen}")
            time.sleep(0.05)
