"""Roadwork status from its dates, on the edges, without re-indexing."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from plone import api
from ville.policy import api as ville_api
from ville.policy.dates import localize
from ville.policy.testing import VILLE_TREE_INTEGRATION_TESTING
from ville.policy.tests.base import as_manager

import unittest


def local(*args):
    return localize(datetime(*args))


class TestRoadworkStatus(unittest.TestCase):
    layer = VILLE_TREE_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        as_manager(self.portal)
        self.folder = self.portal["travaux"]
        self.work = api.content.create(
            container=self.folder, type="Roadwork", title="Égouttage rue Haute",
            location="Rue Haute", village="Nord", start=date(2030, 3, 10),
            end=date(2030, 3, 20), impact="road_closed", operator="commune",
        )
        self.open_ended = api.content.create(
            container=self.folder, type="Roadwork", title="Pont du canal",
            location="Pont", village="Sud", start=date(2030, 3, 15),
            impact="one_way", operator="region",
        )
        for obj in (self.work, self.open_ended):
            api.content.transition(obj=obj, transition="publish")

    def catalog_status(self, obj, now):
        catalog = api.portal.get_tool("portal_catalog")
        found = [
            status for status in ville_api.STATUSES
            if any(
                brain.UID == obj.UID()
                for brain in catalog(portal_type="Roadwork",
                                     **ville_api.roadwork_query(status, now))
            )
        ]
        self.assertEqual(len(found), 1, f"{obj.getId()} at {now}: {found}")
        return found[0]

    def assertStatus(self, obj, now, expected):
        self.assertEqual(ville_api.roadwork_status(obj, now), expected, f"helper at {now}")
        self.assertEqual(self.catalog_status(obj, now), expected, f"catalog at {now}")

    def test_edges_of_the_start_day(self):
        self.assertStatus(self.work, local(2030, 3, 9, 23, 59), "upcoming")
        self.assertStatus(self.work, local(2030, 3, 10, 0, 0), "ongoing")

    def test_edges_of_the_end_day(self):
        self.assertStatus(self.work, local(2030, 3, 20, 23, 59), "ongoing")
        self.assertStatus(self.work, local(2030, 3, 21, 0, 0), "finished")

    def test_edges_are_local_time_not_utc(self):
        # 23:30 UTC on the 9th is already the 10th in Brussels
        utc = datetime(2030, 3, 9, 23, 30, tzinfo=timezone.utc)
        self.assertStatus(self.work, utc, "ongoing")

    def test_unknown_end_stays_ongoing(self):
        self.assertStatus(self.open_ended, local(2030, 3, 14, 23, 59), "upcoming")
        self.assertStatus(self.open_ended, local(2030, 3, 15, 0, 0), "ongoing")
        self.assertStatus(self.open_ended, local(2035, 1, 1, 12, 0), "ongoing")

    def test_brains_work_as_well_as_objects(self):
        brain = api.portal.get_tool("portal_catalog")(UID=self.work.UID())[0]
        self.assertEqual(ville_api.roadwork_status(brain, local(2030, 3, 15, 12, 0)), "ongoing")
        self.assertEqual(ville_api.roadwork_status(brain, local(2030, 3, 25, 12, 0)), "finished")

    def test_roadworks_sorted_soonest_first_and_filtered_by_village(self):
        now = local(2030, 3, 1, 12, 0)
        titles = [b.Title for b in ville_api.roadworks(now=now)]
        self.assertEqual(titles, ["Égouttage rue Haute", "Pont du canal"])
        titles = [b.Title for b in ville_api.roadworks(village="Sud", now=now)]
        self.assertEqual(titles, ["Pont du canal"])
        self.assertEqual(ville_api.ongoing_roadworks_count(now=local(2030, 3, 16, 8, 0)), 2)
        self.assertEqual(ville_api.ongoing_roadworks_count(now=local(2030, 3, 21, 8, 0)), 1)

    def test_unknown_status_is_refused(self):
        with self.assertRaises(ValueError):
            ville_api.roadwork_query("cancelled")

    def test_end_before_start_is_refused(self):
        from ville.policy.content.roadwork import IRoadwork
        from zope.interface import Invalid

        class Data:
            start, end = date(2030, 3, 10), date(2030, 3, 1)

        with self.assertRaises(Invalid):
            IRoadwork.getTaggedValue("invariants")[0](Data)


class TestRoadworksView(unittest.TestCase):
    layer = VILLE_TREE_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        as_manager(self.portal)
        self.folder = self.portal["travaux"]
        today = date.today()
        for title, village, start, end in (
            ("Chantier en cours", "Nord", today - timedelta(days=5), today + timedelta(days=5)),
            ("Chantier bientôt", "Sud", today + timedelta(days=10), today + timedelta(days=20)),
            ("Chantier plus tard", "Nord", today + timedelta(days=30), None),
            ("Chantier terminé", "Centre", today - timedelta(days=30), today - timedelta(days=2)),
        ):
            obj = api.content.create(
                container=self.folder, type="Roadwork", title=title, location="Rue",
                village=village, start=start, end=end, impact="restricted",
                operator="commune",
            )
            api.content.transition(obj=obj, transition="publish")
        api.content.create(
            container=self.folder, type="Roadwork", title="Chantier privé",
            location="Rue", village="Nord", start=today, impact="none", operator="commune",
        )

    def render(self, **form):
        request = self.layer["request"]
        request.form.clear()
        request.form.update(form)
        from zope.interface import alsoProvides
        from ville.policy.interfaces import IBrowserLayer

        alsoProvides(request, IBrowserLayer)
        with api.env.adopt_roles(["Anonymous"]):
            from plone.app.testing import logout

            logout()
            return self.folder.restrictedTraverse("@@roadworks-listing")()

    def test_ongoing_then_upcoming_soonest_first(self):
        html = self.render()
        self.assertLess(html.index("Chantier en cours"), html.index("Chantier bientôt"))
        self.assertLess(html.index("Chantier bientôt"), html.index("Chantier plus tard"))
        self.assertNotIn("Chantier terminé", html)
        self.assertNotIn("Chantier privé", html)

    def test_filter_by_village(self):
        html = self.render(village="Nord")
        self.assertIn("Chantier en cours", html)
        self.assertIn("Chantier plus tard", html)
        self.assertNotIn("Chantier bientôt", html)

    def test_finished_on_request(self):
        html = self.render(finished="1")
        self.assertIn("Chantier terminé", html)

    def test_dates_are_shown_on_their_day(self):
        view = self.folder.restrictedTraverse("@@roadworks-listing")
        self.assertEqual(view.format_date(date(2030, 3, 10)), "10/03/2030")
        self.assertEqual(view.format_date(date(2030, 12, 31)), "31/12/2030")

    def test_filters_are_labelled(self):
        html = self.render()
        self.assertIn('<label for="ville-roadworks-village"', html)
        self.assertIn('<label for="ville-roadworks-finished"', html)
        self.assertIn('id="ville-roadworks-village"', html)
