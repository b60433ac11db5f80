"""Shared set-up of the open data tests (not a test module): in each
listing, one item of each kind the feeds must show, and the private,
scheduled and expired ones they must never show."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from DateTime import DateTime
from plone import api
from ville.policy.dates import localize
from ville.policy.dates import now_local
from ville.policy.interfaces import IBrowserLayer
from ville.policy.testing import VILLE_TREE_INTEGRATION_TESTING
from ville.policy.tests.base import anonymous
from ville.policy.tests.base import as_manager
from zope.interface import alsoProvides

import unittest


# Titles a feed must never show (private, scheduled, expired).
HIDDEN = ("Brouillon", "Programmé", "Expiré")


class OpenDataCase(unittest.TestCase):
    layer = VILLE_TREE_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBrowserLayer)
        as_manager(self.portal)
        self.today = now_local().date()

    def add(self, container, type_name, state="published", **fields):
        obj = api.content.create(container=container, type=type_name, **fields)
        if state != "private":
            api.content.transition(obj=obj, transition="publish")
        if state == "scheduled":
            obj.effective_date = DateTime() + 10
        elif state == "expired":
            obj.expiration_date = DateTime() - 1
        obj.reindexObject()
        return obj

    def add_with_hidden(self, container, type_name, title, **fields):
        """One visible item titled ``title`` and the three hidden ones."""
        self.add(container, type_name, title=title, **fields)
        for hidden, state in zip(HIDDEN, ("private", "scheduled", "expired")):
            self.add(container, type_name, state=state, title=hidden, **fields)

    def feed(self, context, name, **form):
        """The feed's body as the anonymous visitor, and the response."""
        self.request.form.clear()
        self.request.form.update(form)
        with anonymous():
            body = context.restrictedTraverse(name)()
        return body, self.request.response

    def assertNoHidden(self, text):
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        for title in HIDDEN:
            self.assertNotIn(title, text)

    def roadworks(self):
        folder = self.portal["travaux"]
        day = self.today
        self.add_with_hidden(
            folder, "Roadwork", "Égouttage rue Haute", location="Rue Haute",
            village="Nord", start=day - timedelta(days=3), end=day + timedelta(days=5),
            impact="road_closed", operator="commune", detour="Par la rue Basse",
            latitude=50.5083, longitude=3.5931,
        )
        self.add(folder, "Roadwork", title="Pont du canal", location="Pont",
                 village="Sud", start=day + timedelta(days=10), impact="one_way",
                 operator="region")
        self.add(folder, "Roadwork", title="Trottoirs finis", location="Place",
                 village="Nord", start=day - timedelta(days=30),
                 end=day - timedelta(days=2), impact="none", operator="commune")
        return folder

    def events(self):
        section = api.content.create(container=self.portal, type="Folder",
                                     id="agenda", title="Agenda")
        api.content.transition(obj=section, transition="publish")
        start = localize(datetime.combine(self.today + timedelta(days=7), datetime.min.time()))
        self.add_with_hidden(
            section, "Event", "Fête du village", start=start.replace(hour=14),
            end=start.replace(hour=18), location="Grand-Place",
        )
        self.add(section, "Event", title="Brocante", start=start, end=start,
                 whole_day=True)
        # Weekly since 60 days: its first occurrence is long past.
        first = localize(datetime.combine(self.today - timedelta(days=60), datetime.min.time()))
        self.add(section, "Event", title="Marché hebdomadaire",
                 start=first.replace(hour=8), end=first.replace(hour=12),
                 recurrence="RRULE:FREQ=WEEKLY;COUNT=30")
        old = localize(datetime.combine(self.today - timedelta(days=90), datetime.min.time()))
        self.add(section, "Event", title="Ancien concert", start=old.replace(hour=20),
                 end=old.replace(hour=22))
        elsewhere = self.add(self.portal, "Folder", title="Loisirs")
        self.add(elsewhere, "Event", title="Stage de sport",
                 start=start.replace(hour=9), end=start.replace(hour=16))
        return section

    def shops(self):
        folder = self.portal["economie"]["annuaire-commercial"]
        self.add_with_hidden(
            folder, "Shop", "Boulangerie Dupont", category="food",
            street="Grand-Place 3", postal_code="7000", city="Testville",
            phone="+32 65 11 22 33", email="info@dupont.test",
            opening_hours="Mardi-samedi 7h-18h", latitude=50.5, longitude=3.6,
        )
        self.add(folder, "Shop", title="Café; « Le Centre »", category="horeca",
                 description="Bières spéciales\net petite restauration")
        return folder

    def premises(self):
        folder = self.portal["economie"]["cellules-commerciales"]
        self.add_with_hidden(
            folder, "CommercialPremises", "Cellule Grand-Place", street="Grand-Place 9",
            surface=85, kind="shop", rent=850, availability="available",
            available_from=date(2031, 1, 1), energy_class="C",
            contact="Agence, 065 00 00 00",
        )
        self.add(folder, "CommercialPremises", title="Bureau loué", street="Rue 1",
                 surface=40, kind="office", availability="let", contact="x")
        return folder
