"""The back office at a city's volume (issue 21): what makes it flat is
counting from the catalog, so the counts must equal a brute-force count
over the objects, for what each agent may see, and the exports must hold
exactly the dashboard's filtered rows. The requests are made by the bulk
path (ville.eguichet.bulk), which must leave the catalog right."""

from datetime import datetime
from datetime import timedelta
from datetime import timezone
from decimal import Decimal
from io import BytesIO
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from ville.eguichet import bulk
from ville.eguichet import dates
from ville.eguichet import engine
from ville.eguichet import figures
from ville.eguichet.browser.dashboard import DashboardView
from ville.eguichet.documents import statistics
from ville.eguichet.formaction import find_action
from ville.eguichet.tests import base
from ville.eguichet.tests.test_eguichet_functional import Base

import csv
import io
import re
import transaction


REFERENCE = re.compile(r"\b[A-Z]{1,10}-\d{8}-[0-9A-Z]{6}\b")
POPULATION = "agents-population"
AGENT2 = "agent2"


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


class TestBackOfficeFigures(Base):
    def setUp(self):
        super().setUp()
        if api.user.get(userid=AGENT2) is None:
            api.group.create(groupname=POPULATION)
            api.user.create(username=AGENT2, email="agent2@example.org",
                            password=base.PASSWORD)
            setRoles(self.portal, AGENT2, ["Member"])
            api.group.add_user(groupname=POPULATION, username=AGENT2)
        self.pop_form = base.make_form(self.portal, id="population", group=POPULATION)
        with api.env.adopt_user(username=SITE_OWNER_NAME):
            self.make_requests()
        transaction.commit()

    def make_requests(self):
        forms = (self.form, self.anon_form, self.pop_form)
        items = []
        for number in range(15):
            form = forms[number % 3]
            items.append({
                "form": form,
                "values": base.valid_data(last_name=f"Nom{number}", copies=1 + number % 3),
                "requester": base.CITIZEN if number % 2 else None,
                "requester_email": f"c{number}@example.org",
                "requester_name": f"Citoyen {number}",
                "agent_group": (find_action(form).agent_group or "").strip(),
                # Months apart, one at a month's boundary in Brussels.
                "submitted": utc(2026, 3 + number % 5, 28 + number % 3, 22, 30),
            })
        self.assertEqual(bulk.create_requests(items, batch_size=4), 15)
        requests = sorted(self.store.objectValues(), key=lambda r: r.submitted)
        self.assertEqual(len(requests), 15)
        for number, request in enumerate(requests):
            if number % 4 == 0:
                continue  # stays submitted
            api.content.transition(obj=request, transition="take")
            if number % 4 == 1:
                api.content.transition(obj=request, transition="mark_ready")
            elif number % 4 == 2 and number % 3:
                api.content.transition(obj=request, transition="reject", comment="Non")
            elif number % 4 == 3:
                api.content.transition(obj=request, transition="ask_info", comment="Quoi ?")
                if number % 2:
                    api.content.transition(obj=request, transition="provide_info",
                                           comment="Ceci.")
        for number, request in enumerate(requests[:6]):
            request.fee = Decimal("5.00")  # as a document form's fee
            request.reindexObject()
            if number % 2:
                engine.mark_paid(request)

    def visible(self, user, form=None):
        """Brute force: the objects ``user`` may view."""
        member = api.user.get(userid=user)
        return [
            request for request in self.store.objectValues()
            if api.user.has_permission("View", user=member, obj=request)
            and (form is None or request.procedure_uid == form.UID())
        ]

    def view(self, name, user, **form):
        http_request = self.layer["request"]
        http_request.form.clear()
        http_request.form.update(form)
        with api.env.adopt_user(username=user):
            view = self.store.restrictedTraverse(name)
            if name == "@@eguichet-statistics":
                view.update()
                return view.data
            return view.counts(), view.answered_count()

    def test_counts_and_catalog(self):
        """One set of requests for all (each test makes it again)."""
        self.check_statistics_equal_a_brute_force_count()
        self.check_dashboard_counts_equal_a_brute_force_count()
        self.check_first_sorted_equals_the_catalog_sort()
        self.check_bulk_history_import_and_catalog()
        self.check_nothing_acquired_into_the_catalog()
        self.check_upgrade_reindexes_existing_requests()
        self.check_retention_in_batches()

    def check_retention_in_batches(self):
        from ville.eguichet.documents import batches
        from ville.eguichet.documents import retention

        batches.BATCH = 2  # a savepoint and a cache sweep every 2 requests
        self.addCleanup(setattr, batches, "BATCH", 500)
        later = engine.now() + timedelta(days=400)
        final = sorted(r.reference for r in self.store.objectValues()
                       if api.content.get_state(r) in retention.FINAL_STATES)
        self.assertTrue(final)
        done = retention.run(self.portal, now=later)
        self.assertEqual(sorted(a.reference for a in done if a.action == "anonymise"), final)
        for reference in final:
            self.assertEqual(self.store[reference].requester_name, "")
        # The catalog follows: the rows of the anonymised requests are empty.
        catalog = api.portal.get_tool("portal_catalog")
        for brain in catalog.unrestrictedSearchResults(eguichet_reference=final):
            self.assertEqual(brain.eguichet_row["requester_name"], "")

    def check_statistics_equal_a_brute_force_count(self):
        from ville.eguichet.query import search_requests

        catalog = api.portal.get_tool("portal_catalog")
        # The agent of every procedure is counted from the indexes' sets,
        # the agent of one procedure record by record: both equal the
        # brute force.
        for user, every in ((base.AGENT, True), (AGENT2, False)):
            with api.env.adopt_user(username=user):
                rids = figures.result_rids(search_requests(sort_on=None))
            self.assertEqual(figures.covers_every_request(catalog, rids), every)
            expected = statistics.compute(
                self.visible(user), lambda r: api.content.get_state(r),
                tz=dates.local_zone())
            self.assertTrue(expected["processing"])
            self.assertEqual(self.view("@@eguichet-statistics", user), expected)
        self.assertLess(len(self.visible(AGENT2)), len(self.visible(base.AGENT)))
        self.assertEqual(statistics.compute(
            self.visible(AGENT2), api.content.get_state)["total"], 5)

    def check_dashboard_counts_equal_a_brute_force_count(self):
        for user, filters, form in (
            (base.AGENT, {}, None),
            (AGENT2, {}, None),
            (base.AGENT, {"procedure": self.form.UID(), "review_state": "in_progress"},
             self.form),
        ):
            counts, answered = self.view("@@eguichet-dashboard", user, **filters)
            requests = self.visible(user, form)
            states = [api.content.get_state(r) for r in requests]
            self.assertEqual({c["id"]: c["count"] for c in counts},
                             {s: states.count(s) for s in engine.STATES})
            wanted = filters.get("review_state")
            self.assertEqual(answered["count"], sum(
                1 for r, s in zip(requests, states)
                if r.history[-1]["action"] == "provide_info" and (not wanted or s == wanted)))

    def check_first_sorted_equals_the_catalog_sort(self):
        """The dashboard's page, read from the date index, is the catalog's
        sorted result's first records, ties (the same minute) included."""
        from ville.eguichet import query

        catalog = api.portal.get_tool("portal_catalog")
        with api.env.adopt_user(username=SITE_OWNER_NAME):
            bulk.create_requests([{
                "form": self.form, "values": base.valid_data(last_name=f"Même{number}"),
                "submitted": utc(2026, 5, 29, 22, 30),  # a minute already taken
            } for number in range(3)], commit=False)
        with api.env.adopt_user(username=base.AGENT):
            rids = figures.as_set(figures.result_rids(query.search_requests(sort_on=None)))
            sorted_rids = {order: [brain.getRID() for brain in query.search_requests(
                sort_order=order)] for order in ("descending", "ascending")}
        self.assertEqual(len(rids), 18)
        for order, expected in sorted_rids.items():
            for limit in (1, 4, 18, 30):
                self.assertEqual(query.first_sorted(catalog, rids, "created", order, limit),
                                 expected[:limit], (order, limit))
        # Another order, or too many dates walked: the catalog sorts.
        self.assertIsNone(query.first_sorted(catalog, rids, "reference", "ascending", 4))
        query.WALK_LIMIT = 2
        self.addCleanup(setattr, query, "WALK_LIMIT", 2000)
        self.assertIsNone(query.first_sorted(catalog, rids, "created", "descending", 10))
        transaction.abort()

    def dashboard_references(self, browser, query):
        """Every row of the dashboard, page after page."""
        found = []
        for start in range(0, 100, DashboardView.b_size):
            browser.open(f"{self.store.absolute_url()}/@@eguichet-dashboard?{query}"
                         f"&b_start={start}")
            page = browser.contents.split("<tbody", 1)[-1].split("</tbody>", 1)[0]
            references = list(dict.fromkeys(REFERENCE.findall(page)))
            if not references:
                break
            found += references
        return found

    def test_export_rows_equal_the_dashboard_rows(self):
        DashboardView.b_size = 4  # several pages
        self.addCleanup(setattr, DashboardView, "b_size", 50)
        browser = self.browser(base.AGENT)
        for query in ("sort_on=reference&sort_order=ascending",
                      f"procedure={self.anon_form.UID()}",
                      "review_state=in_progress,submitted&paid=0"):
            shown = self.dashboard_references(browser, query)
            self.assertTrue(shown, query)
            browser.open(f"{self.store.absolute_url()}/@@eguichet-export?format=csv&{query}")
            rows = list(csv.reader(io.StringIO(browser._response.body.decode("utf-8-sig")),
                                   delimiter=";"))
            self.assertEqual([row[0] for row in rows[1:]], shown, query)
            browser.open(f"{self.store.absolute_url()}/@@eguichet-export?format=xlsx&{query}")
            from openpyxl import load_workbook

            sheet = load_workbook(BytesIO(browser._response.body)).active
            self.assertEqual(
                [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)], shown)
        # National numbers masked, names and answers present.
        browser.open(f"{self.store.absolute_url()}/@@eguichet-export?format=csv")
        text = browser._response.body.decode("utf-8-sig")
        self.assertNotIn("85073003328", text)
        self.assertIn("85.07.30-***.**", text)
        self.assertIn("Citoyen 7", text)

    def check_bulk_history_import_and_catalog(self):
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.unrestrictedSearchResults(portal_type=engine.REQUEST_TYPE)
        self.assertEqual(len(brains), 15)
        for brain in brains:
            request = brain._unrestrictedGetObject()
            # The imported date everywhere: submitted, created, reference.
            self.assertEqual(brain.created.asdatetime(), request.submitted)
            day = dates.local_day(request.submitted).strftime("%Y%m%d")
            self.assertIn(f"-{day}-", request.reference)
            self.assertEqual(brain.eguichet_row, figures.row_of(request))
        self.assertEqual(len(catalog.unrestrictedSearchResults(
            portal_type=engine.REQUEST_TYPE, eguichet_requester=base.CITIZEN)), 7)

    def check_upgrade_reindexes_existing_requests(self):
        from ville.eguichet.upgrades import w21_backoffice

        catalog = api.portal.get_tool("portal_catalog")
        expected = self.view("@@eguichet-statistics", base.AGENT)
        catalog.delIndex(figures.STATS_INDEX)
        catalog.delIndex(figures.PROCESSING_INDEX)
        catalog.delColumn(figures.ROW_COLUMN)
        w21_backoffice.upgrade(api.portal.get_tool("portal_setup"))
        self.assertEqual(self.view("@@eguichet-statistics", base.AGENT), expected)
        for brain in catalog.unrestrictedSearchResults(portal_type=engine.REQUEST_TYPE):
            self.assertEqual(brain.eguichet_row, figures.row_of(brain._unrestrictedGetObject()))
        # Profile 1005: the figures' indexes filled again in their new form,
        # the requests taken out of the indexes they skip.
        from types import SimpleNamespace
        from ville.eguichet.upgrades import to_1005

        for name in figures.FIGURE_INDEXES:
            catalog._catalog.getIndex(name).clear()
        self.assertEqual(self.view("@@eguichet-statistics", base.AGENT)["total"], 0)
        rid = catalog.unrestrictedSearchResults(portal_type=engine.REQUEST_TYPE)[0].getRID()
        default_page = catalog._catalog.getIndex("is_default_page")
        default_page.index_object(rid, SimpleNamespace(is_default_page=False))  # before 1005
        self.assertIsNotNone(default_page.getEntryForObject(rid))
        to_1005(api.portal.get_tool("portal_setup"))
        self.assertEqual(self.view("@@eguichet-statistics", base.AGENT), expected)
        self.assertIsNone(default_page.getEntryForObject(rid))
        transaction.abort()

    def check_nothing_acquired_into_the_catalog(self):
        catalog = api.portal.get_tool("portal_catalog")
        request = next(iter(self.store.objectValues()))
        rid = catalog.getrid("/".join(request.getPhysicalPath()))
        indexed = catalog.getIndexDataForRID(rid)
        self.assertEqual(indexed["eguichet_reference"], request.reference)
        self.assertEqual(indexed["eguichet_stats"], figures.stats_key(request, dates.local_zone()))
        self.assertIsNotNone(indexed["allowedRolesAndUsers"])
        # Other types' indexes are not filled from the store or the site.
        self.assertNotIn("village", indexed)
        self.check_fewer_indexes(catalog, request, rid)

    def check_fewer_indexes(self, catalog, request, rid):
        """A request is in none of the indexes it skips, and its
        object_provides says what it is, not its base classes' markers."""
        from ville.eguichet.interfaces import IEGuichetRequest

        for name in figures.SKIPPED_INDEXES:
            self.assertIsNone(catalog._catalog.getIndex(name).getEntryForObject(rid), name)
        self.assertIs(catalog.getMetadataForRID(rid)["exclude_from_nav"], True)
        # The icon column (a site's, e.g. ville.policy's), computed once per
        # type: CMF's value.
        catalog.addColumn("icon")
        figures._ICONS.clear()
        for _ in range(2):
            catalog._reindexObject(request)
            self.assertEqual(catalog.getMetadataForRID(rid)["icon"], request.icon())
        provides = catalog._catalog.getIndex("object_provides").getEntryForObject(rid)
        for name in (IEGuichetRequest.__identifier__,
                     "plone.dexterity.interfaces.IDexterityContent",
                     "plone.dexterity.interfaces.IDexterityItem",
                     "Products.CMFCore.interfaces.IContentish",
                     "ville.eguichet.content.IRequestSchema"):
            self.assertIn(name, provides)
        self.assertNotIn("plone.uuid.interfaces.IAttributeUUID", provides)
        self.assertLess(len(provides), 10)
        # Found by what it is, as each agent may see it; left out of the
        # navigation's queries.
        for user in (base.AGENT, AGENT2):
            with api.env.adopt_user(username=user):
                found = {brain.getRID() for brain in catalog(
                    object_provides=IEGuichetRequest.__identifier__)}
            self.assertEqual(len(found), len(self.visible(user)))
        with api.env.adopt_user(username=SITE_OWNER_NAME):
            self.assertNotIn(rid, {brain.getRID() for brain in catalog(is_default_page=False)})
        # Reindexing a skipped index alone keeps the request out of it.
        request.reindexObject(idxs=["is_default_page"])
        self.assertIsNone(catalog._catalog.getIndex("is_default_page").getEntryForObject(rid))
