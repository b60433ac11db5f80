"""The bulk path (ville.eguichet.bulk) leaves what create_request leaves:
the same catalog entry (every index and column), workflow state, role
mappings, local roles, intid; the handlers it leaves out are left out for
its requests only."""

from AccessControl.PermissionRole import rolesForPermissionOn
from Acquisition import aq_base
from datetime import datetime
from datetime import timezone
from plone import api
from plone.app.contentrules.rule import Rule
from plone.contentrules.engine.interfaces import IRuleStorage
from Products.CMFCore.CMFCatalogAware import CMFCatalogAware
from Products.CMFCore.indexing import processQueue
from unittest import mock
from ville.eguichet import bulk
from ville.eguichet import engine
from ville.eguichet.formaction import find_action
from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING
from ville.eguichet.tests import base
from zope.component import getUtility
from zope.intid.interfaces import IIntIds
from zope.lifecycleevent.interfaces import IObjectAddedEvent

import plone.app.contentrules.handlers
import plone.app.linkintegrity.handlers
import unittest
import z3c.relationfield.event


SUBMITTED = datetime(2026, 3, 31, 22, 30, tzinfo=timezone.utc)
# Set anew on each creation (the clock, random draws): compared apart.
VOLATILE = {"modification_date", "_plone.uuid", "workflow_history"}
# The catalog's values of those: the modification date, and the workflow's
# "time" variable (review_date), both the clock at creation.
VOLATILE_INDEXES = {"modified", "review_date"}
VOLATILE_COLUMNS = {"modified", "ModificationDate", "review_date"}


class TestBulkFill(unittest.TestCase):
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        base.make_users(self.portal)
        self.form = base.make_form(self.portal)
        self.store = engine.get_store()
        self.catalog = api.portal.get_tool("portal_catalog")

    def item(self, **overrides):
        item = {
            "form": self.form,
            "values": base.valid_data(),
            "requester": base.CITIZEN,
            "requester_email": "marie@example.org",
            "requester_name": "Marie Dupont",
            "agent_group": (find_action(self.form).agent_group or "").strip(),
            "submitted": SUBMITTED,
        }
        item.update(overrides)
        return item

    def one(self, reference, item=None):
        """A request through create_request, with ``reference``."""
        item = item or self.item()
        with mock.patch.object(engine, "new_reference", return_value=reference):
            return engine.create_request(
                item["form"], item["values"],
                **{key: value for key, value in item.items() if key not in ("form", "values")},
            )

    def one_in_bulk(self, reference, item=None):
        with mock.patch.object(engine, "new_reference", return_value=reference):
            self.assertEqual(bulk.create_requests([item or self.item()], commit=False), 1)
        return self.store[reference]

    def entry(self, request, uid_words):
        """The catalog's indexes and columns of ``request``, its reference
        and UID written alike for any request."""
        processQueue()
        rid = self.catalog.getrid("/".join(request.getPhysicalPath()))
        self.assertIsNotNone(rid)
        uid = api.content.get_uuid(request)
        words = [(request.reference, "REF"), (uid, "UID")] + [
            (word, "W") for word in uid_words(request)
        ]

        def same(value):
            text = repr(value)
            for word, replacement in words:
                text = text.replace(word, replacement)
                text = text.replace(word.lower(), replacement)
            return text

        # A keyword index keeps a set: its order is the set's.
        indexes = {
            name: sorted(map(same, value)) if isinstance(value, (list, tuple)) else same(value)
            for name, value in self.catalog.getIndexDataForRID(rid).items()
            if name not in VOLATILE_INDEXES
        }
        columns = {
            name: same(value)
            for name, value in self.catalog.getMetadataForRID(rid).items()
            if name not in VOLATILE_COLUMNS
        }
        return indexes, columns

    def attributes(self, request):
        return {
            name: value
            for name, value in aq_base(request).__dict__.items()
            if name not in VOLATILE and not name.startswith("_v_")
        }

    def history(self, request):
        return {
            workflow: [
                {key: value for key, value in entry.items() if key != "time"}
                for entry in entries
            ]
            for workflow, entries in request.workflow_history.items()
        }

    def check_same(self, normal, bulky):
        # Different references ("-AAAAAA" and "-BBBBBB"): their last part
        # is written alike too (the text indexes split the reference).
        def suffix(request):
            return [request.reference.rsplit("-", 1)[1]]

        normal_entry = self.entry(normal, suffix)
        bulk_entry = self.entry(bulky, suffix)
        self.assertEqual(sorted(normal_entry[0]), sorted(bulk_entry[0]))
        for name in normal_entry[0]:
            self.assertEqual(normal_entry[0][name], bulk_entry[0][name], name)
        self.assertEqual(normal_entry[1], bulk_entry[1])
        normal_attributes = self.attributes(normal)
        bulk_attributes = self.attributes(bulky)
        for name in ("id", "reference", "title"):
            normal_attributes.pop(name)
            bulk_attributes.pop(name)
        if "tracking_token" in normal_attributes:  # random, 192 bits
            self.assertNotEqual(normal_attributes.pop("tracking_token"),
                                bulk_attributes.pop("tracking_token"))
        self.assertEqual(set(normal_attributes), set(bulk_attributes))
        for name, value in normal_attributes.items():
            self.assertEqual(value, bulk_attributes[name], name)
        self.assertEqual(self.history(normal), self.history(bulky))
        self.assertEqual(api.content.get_state(bulky), "submitted")
        workflow = api.portal.get_tool("portal_workflow").getWorkflowsFor(bulky)[0]
        for permission in workflow.permissions:
            self.assertEqual(
                sorted(rolesForPermissionOn(permission, normal)),
                sorted(rolesForPermissionOn(permission, bulky)),
                permission,
            )
        self.assertEqual(normal.get_local_roles(), bulky.get_local_roles())
        intids = getUtility(IIntIds)
        self.assertIsNotNone(intids.queryId(normal))
        self.assertIsNotNone(intids.queryId(bulky))
        self.assertIs(aq_base(intids.getObject(intids.getId(bulky))), aq_base(bulky))

    def test_same_as_create_request(self):
        normal = self.one("EG-20260401-AAAAAA")
        bulky = self.one_in_bulk("EG-20260401-BBBBBB")
        self.check_same(normal, bulky)
        # The catalog finds it as it finds the other (the dashboard's query).
        for reference in (normal.reference, bulky.reference):
            self.assertEqual(len(self.catalog.unrestrictedSearchResults(
                portal_type=engine.REQUEST_TYPE, eguichet_reference=reference,
                review_state="submitted", eguichet_requester=base.CITIZEN,
            )), 1)

    def test_same_as_create_request_anonymous(self):
        item = self.item(requester=None, agent_group="")
        normal = self.one("EG-20260401-CCCCCC", item)
        bulky = self.one_in_bulk("EG-20260401-DDDDDD", item)
        self.check_same(normal, bulky)

    def test_skipped_handlers_have_nothing_to_do_for_a_request(self):
        request = self.one_in_bulk("EG-20260401-EEEEEE")
        self.assertEqual(list(z3c.relationfield.event._potential_relations(request)), [])
        retriever = plone.app.linkintegrity.handlers.IRetriever(request, None)
        self.assertFalse(retriever is not None and list(retriever.retrieveLinks()))
        self.assertFalse(hasattr(aq_base(request), "cmf_uid"))

    def test_skipped_for_the_bulk_requests_only(self):
        """The handlers left out run for a request made afterwards (and
        meanwhile in other threads: nothing is unregistered)."""
        security = mock.patch.object(
            CMFCatalogAware, "reindexObjectSecurity", autospec=True,
            side_effect=CMFCatalogAware.reindexObjectSecurity,
        )
        relations = mock.patch.object(
            z3c.relationfield.event, "_potential_relations",
            wraps=z3c.relationfield.event._potential_relations,
        )
        links = mock.patch.object(
            plone.app.linkintegrity.handlers, "check_linkintegrity_dependencies",
            wraps=plone.app.linkintegrity.handlers.check_linkintegrity_dependencies,
        )
        with security as security, relations as relations, links as links:
            self.one_in_bulk("EG-20260401-FFFFFF")
            self.assertEqual(security.call_count, 0)
            self.assertEqual(relations.call_count, 0)
            self.assertEqual(links.call_count, 0)
            self.one("EG-20260401-GGGGGG")
            self.assertGreater(security.call_count, 0)
            self.assertGreater(relations.call_count, 0)
            self.assertGreater(links.call_count, 0)

    def test_content_rules_kept_when_a_rule_reacts(self):
        execute = mock.patch.object(
            plone.app.contentrules.handlers, "execute",
            wraps=plone.app.contentrules.handlers.execute,
        )
        with execute as execute:
            self.one_in_bulk("EG-20260401-HHHHHH")
            self.assertEqual(execute.call_count, 0)
            rule = Rule()
            rule.title = "Added"
            rule.event = IObjectAddedEvent
            getUtility(IRuleStorage)["bulk-test-rule"] = rule
            self.one_in_bulk("EG-20260401-JJJJJJ")
            self.assertEqual(execute.call_count, 1)
