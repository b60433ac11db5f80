"""Cached pages follow the clock: the cache key changes when a scheduled
publication, an expiry, a start or an end date is reached, with no edit."""

from DateTime import DateTime
from plone import api
from tests.layers import SITE_FUNCTIONAL
from ville.policy.caching.schedule import schedule_value

import unittest


class TestScheduleETag(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.portal = self.layer["portal"]
        self.catalog = api.portal.get_tool("portal_catalog")
        self.now = DateTime()
        with api.env.adopt_roles(["Manager"]):
            self.news = api.content.create(
                container=self.portal["actualites"],
                type="News Item",
                id="conseil-de-decembre",
                title="Conseil de décembre",
            )
            self.news.setEffectiveDate(self.now + 1.0 / 24)  # in an hour
            self.news.setExpirationDate(self.now + 3.0 / 24)  # for two hours
            self.news.reindexObject()
        import transaction

        transaction.commit()  # a committed catalog state, as pages see it

    def test_key_changes_when_the_publication_date_is_reached(self):
        before = schedule_value(self.catalog, self.now)
        self.assertEqual(schedule_value(self.catalog, self.now + 0.5 / 24), before)
        after = schedule_value(self.catalog, self.now + 1.5 / 24)
        self.assertNotEqual(after, before)
        self.assertEqual(after, str(int((self.now + 1.0 / 24).timeTime())))

    def test_key_changes_again_when_it_expires(self):
        published = schedule_value(self.catalog, self.now + 1.5 / 24)
        expired = schedule_value(self.catalog, self.now + 4.0 / 24)
        self.assertNotEqual(expired, published)

    def test_etag_component_is_used_by_the_cached_rulesets(self):
        for ruleset in ("itemView", "folderView", "feed"):
            etags = api.portal.get_registry_record(
                f"plone.app.caching.moderateCaching.plone.content.{ruleset}.etags"
            )
            self.assertIn("villeSchedule", etags)


class TestProxyLifetimeFollowsTheSchedule(unittest.TestCase):
    """s-maxage never runs past the next date that concerns the response."""

    layer = SITE_FUNCTIONAL

    def setUp(self):
        from plone.namedfile.file import NamedBlobFile
        from tests.layers import webtest_app

        import transaction

        self.portal = self.layer["portal"]
        self.app = webtest_app(self.layer)
        now = DateTime()
        with api.env.adopt_roles(["Manager"]):
            folder = self.portal["actualites"]
            self.page = api.content.create(container=folder, type="News Item",
                                           id="bientot-perime", title="Bientôt périmé")
            api.content.transition(obj=self.page, transition="publish")
            self.page.setExpirationDate(now + 120.0 / 86400)  # in two minutes
            self.page.reindexObject()
            section = api.content.create(container=self.portal, type="Folder",
                                         id="consultation", title="Consultation")
            api.content.transition(obj=section, transition="publish")
            section.setExpirationDate(now + 300.0 / 86400)  # in five minutes
            section.reindexObject()
            self.file = api.content.create(
                container=section, type="File", id="plan", title="Plan",
                file=NamedBlobFile(b"%PDF-1.4 plan", filename="plan.pdf",
                                   contentType="application/pdf"))
            self.other = api.content.create(
                container=self.portal, type="File", id="reglement", title="Règlement",
                file=NamedBlobFile(b"%PDF-1.4 reglement", filename="reglement.pdf",
                                   contentType="application/pdf"))
        transaction.commit()

    def s_maxage(self, path):
        import re

        response = self.app.get(f"{self.portal.absolute_url()}/{path}")
        found = re.search(r"s-maxage=(\d+)", response.headers.get("Cache-Control", ""))
        return int(found.group(1)), response.headers

    def test_pages_are_capped_at_the_next_boundary_of_the_site(self):
        for path in ("actualites/bientot-perime", "", "actualites"):
            seconds, headers = self.s_maxage(path)
            self.assertTrue(100 <= seconds <= 120, (path, seconds))
            self.assertIn("X-Ville-Boundary", headers)

    def test_files_are_capped_at_their_own_window(self):
        # In a section that expires in five minutes, not at the site's next
        # boundary (two minutes): a file shows only itself.
        seconds, headers = self.s_maxage("consultation/plan/@@download/file")
        self.assertTrue(280 <= seconds <= 300, seconds)
        # A file with no date keeps its 24 hours.
        seconds, headers = self.s_maxage("reglement/@@download/file")
        self.assertEqual(seconds, 86400)
        self.assertNotIn("X-Ville-Boundary", headers)


class TestHomePageMarker(unittest.TestCase):
    """Staff see scheduled news on the home page, marked as such; visitors
    do not see them at all."""

    layer = SITE_FUNCTIONAL

    def test_scheduled_news_marked_for_the_communication_group(self):
        from tests.layers import webtest_app

        import transaction

        portal = self.layer["portal"]
        api.user.create(username="paul", email="paul@example.org",
                        password="secret-password-123")
        api.group.add_user(groupname="communication", username="paul")
        with api.env.adopt_roles(["Manager"]):
            news = api.content.create(container=portal["actualites"], type="News Item",
                                      id="fete-a-venir", title="Fête à venir")
            api.content.transition(obj=news, transition="publish")
            news.setEffectiveDate(DateTime("2099/06/15 08:00:00 Europe/Brussels"))
            news.reindexObject()
        transaction.commit()
        app = webtest_app(self.layer)
        self.assertNotIn("Fête à venir", app.get(portal.absolute_url()).text)
        app.authorization = ("Basic", ("paul", "secret-password-123"))
        html = app.get(portal.absolute_url()).text
        self.assertIn("Fête à venir", html)
        self.assertIn("Publication programmée le 15/06/2099 à 08:00", html)
