"""The editors' forms in Chromium (issue 19): the add form and the edit form
of every content type of ville.policy, opened by a communication officer,
have no WCAG 2.1 A/AA violation that axe-core finds; the roadwork, shop and
premises forms group their fields in tabs (plone.supermodel fieldsets), and
every field of the policy's own schemas carries its help text.

One browser, one login, one walk over the 16 forms (about 65 s: level 2)."""

from plone import api
from tests.browser.helpers import BrowserTestCase
from tests.layers import SITE_SERVER

import transaction


PASSWORD = "Un-mot-de-passe-2026"

# portal_type -> (folder of the add form, tabs that must come after the
# first one, in this order). The Folder is there for the mini-site
# behavior (the CPAS); its edit form is the CPAS's.
TYPES = {
    "Procedure": ("/", []),
    "PublicService": ("/", []),
    "Roadwork": ("/travaux", ["Lieu", "Dates des travaux", "Impact", "Contact"]),
    "Shop": ("/", ["Adresse", "Contact", "Logo et photo"]),
    "CommercialPremises": ("/", ["Adresse", "Le bien", "Prix et disponibilité", "Contact"]),
    "QuickAccess": ("/", []),
    "Alert": ("/", []),
    "Folder": ("/", ["Mini-site"]),
    # Plone's own types, declared by the policy for the review dates'
    # behavior (its tab "Relecture").
    "Document": ("/", ["Relecture"]),
    "News Item": ("/actualites", ["Relecture"]),
}
# Where each tab's fields are (fieldset id -> field ids).
FIELDSETS = {
    "Roadwork": {
        "roadwork_location": ["location", "village", "latitude", "longitude"],
        "roadwork_dates": ["start", "end"],
        "roadwork_impact": ["impact", "detour"],
        "roadwork_contact": ["operator"],
    },
    "Shop": {
        "shop_address": ["street", "postal_code", "city", "latitude", "longitude"],
        "shop_contact": ["phone", "email", "website", "facebook", "opening_hours"],
        "shop_images": ["logo", "image"],
    },
    "CommercialPremises": {
        "premises_address": ["street", "postal_code", "city"],
        "premises_features": ["surface", "kind", "energy_class"],
        "premises_terms": ["rent", "price", "availability", "available_from"],
        "premises_contact": ["contact"],
    },
}


def policy_types():
    """The types ville.policy's profile declares (its types.xml)."""
    from importlib.resources import files
    from xml.etree import ElementTree

    xml = files("ville.policy") / "profiles" / "default" / "types.xml"
    return [o.get("name") for o in ElementTree.fromstring(xml.read_bytes())]


class TestEditorForms(BrowserTestCase):
    layer = SITE_SERVER
    level = 2  # 16 forms in Chromium, about a minute

    def setUp(self):
        super().setUp()
        # Edit forms load all of Plone's patterns: more than the default 20 s
        # on a machine busy with other tests.
        self.context.set_default_timeout(60_000)

    def wait_for_widgets(self):
        page = self.page
        # The patterns (TinyMCE, select2, the content browser) load their
        # parts by XHR: wait until they are done (long on a loaded machine).
        page.wait_for_load_state("networkidle", timeout=60_000)
        if page.locator("textarea.pat-tinymce").count():
            page.wait_for_selector("iframe.tox-edit-area__iframe[title]")
            # TinyMCE fills its word count a moment after it starts.
            page.wait_for_function("""() => Array.from(document.querySelectorAll(
                '.tox-statusbar__wordcount')).every(b => b.textContent.trim())""")

    def show_every_tab(self):
        """axe skips what is not displayed: show the fields of every tab at
        once, so that one run checks the whole form."""
        self.page.evaluate("""() => document.querySelectorAll(
            'form .autotoc-section').forEach(s => s.classList.add('active'))""")

    def existing(self, portal_type):
        if portal_type == "Folder":
            return self.portal["cpas"]
        brains = api.content.find(portal_type=portal_type, sort_on="path")
        self.assertTrue(brains, f"no {portal_type} in the demo content")
        return brains[0].getObject()

    def tabs(self):
        return [t.strip() for t in self.page.locator(
            "form .autotoc-nav a"
        ).all_inner_texts()]

    def test_add_and_edit_forms_of_every_policy_type(self):
        self.assertEqual(sorted(TYPES), sorted(policy_types()),
                         "a type of ville.policy without its forms tested")
        api.user.create(email="com@example.org", username="agent-forms", password=PASSWORD)
        api.group.add_user(groupname="communication", username="agent-forms")
        transaction.commit()
        self.login("agent-forms", PASSWORD)
        page = self.page
        root = self.portal.absolute_url()
        failures, tabs = [], {}
        for portal_type, (folder, expected_tabs) in TYPES.items():
            obj = self.existing(portal_type)
            for form, path in (
                ("add", f"{folder.rstrip('/')}/++add++{portal_type}"),
                ("edit", obj.absolute_url()[len(root):] + "/edit"),
            ):
                self.open(path)
                self.wait_for_widgets()
                self.assertEqual(page.locator("#form-buttons-save").count(), 1, path)
                self.show_every_tab()
                violations = self.axe_violations()
                if violations:
                    # the markup of what failed, to see which widget it is
                    html = page.evaluate("""(targets) => targets.map(t => {
                        const e = document.querySelector(t);
                        return e ? e.parentElement.outerHTML.slice(0, 400) : t; })""",
                        [n.split(" :: ")[0] for v in violations for n in v["nodes"]])
                    failures.append((portal_type, form, violations, html))
                tabs[portal_type, form] = self.tabs()
                for fieldset, fields in FIELDSETS.get(portal_type, {}).items():
                    for field in fields:
                        self.assertEqual(page.locator(
                            f"fieldset#fieldset-{fieldset} #formfield-form-widgets-{field}"
                        ).count(), 1, f"{portal_type} {form}: {field} not in {fieldset}")
                # Help for the communication officer on every field of the
                # type's own schema.
                bare = page.evaluate("""() => Array.from(document.querySelectorAll(
                    "[id^='formfield-form-widgets-']:not([id*='-I']):not(.multi-widget-field)")).filter(
                    f => !f.querySelector('.form-text, .formHelp')).map(f => f.id)""")
                self.assertEqual(bare, [], f"{portal_type} {form}: fields without help")
            for form in ("add", "edit"):
                shown = tabs[portal_type, form]
                position = [shown.index(t) if t in shown else -1 for t in expected_tabs]
                self.assertTrue(all(p > 0 for p in position), (portal_type, form, shown))
                self.assertEqual(position, sorted(position), (portal_type, form, shown))
        self.assertEqual(failures, [])
        self.assertEqual(self.external_requests, [])
