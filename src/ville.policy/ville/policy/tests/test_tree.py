"""tree.yaml: checked before anything is written, one clear line per error."""

from pathlib import Path
from plone import api
from ville.policy import api as ville_api
from ville.policy import municipality
from ville.policy.municipality import ProfileError
from ville.policy.testing import TEST_PROFILE
from ville.policy.testing import VILLE_TREE_INTEGRATION_TESTING
from ville.policy.tests.base import anonymous
from ville.policy.tests.base import as_manager

import shutil
import tempfile
import unittest


class TestTreeLoading(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        for name in ("municipality.yaml", "tree.yaml", "logo.png"):
            shutil.copy(TEST_PROFILE / name, self.dir / name)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, text):
        (self.dir / "tree.yaml").write_text(text, encoding="utf-8")

    def error(self, text):
        self.write(text)
        with self.assertRaises(ProfileError) as caught:
            municipality.load(self.dir)
        message = str(caught.exception)
        self.assertNotIn("\n", message)
        self.assertIn("tree.yaml", message)
        return message

    def test_missing_file_means_no_tree(self):
        (self.dir / "tree.yaml").unlink()
        self.assertEqual(municipality.load(self.dir)["tree"], {})

    def test_the_test_profile_loads(self):
        tree = municipality.load(self.dir)["tree"]
        self.assertEqual(tree["villages"], ["Centre", "Nord", "Sud"])
        self.assertIn("/cpas", [section["path"] for section in tree["sections"]])

    def test_malformed_files_name_file_and_field(self):
        cases = {
            "sections: [\n": "not valid YAML",
            "villages: [Nord]\ncontent:\n  - type: Roadwork\n    title: X\n    fields:\n      location: Rue\n      village: Ouest\n      start: today\n": "field 'content[0].fields.village' must be one of the villages: Nord",
            "section:\n  - id: x\n": "field 'section' is not known",
            "sections:\n  - id: x\n    title: X\n    layot: y\n": "field 'sections[0].layot' is not known",
            "content:\n  - type: Document\n    title: X\n    txt: y\n": "field 'content[0].txt' is not known",
            "- a list\n": "the file must be a mapping",
            "sections:\n  - title: Sans id\n": "field 'sections[0].id' is missing",
            "sections:\n  - id: Bad Id\n    title: X\n": "field 'sections[0].id' must be lowercase",
            "quick_access:\n  - title: X\n    icon: rocket\n    url: /x\n": "field 'quick_access[0].icon' must be one of",
            "quick_access:\n  - title: X\n    icon: cpas\n    url: ftp://x\n": "field 'quick_access[0].url'",
            "content:\n  - type: Spaceship\n    title: X\n": "field 'content[0].type' must be one of",
            "content:\n  - type: Roadwork\n    title: X\n    fields:\n      location: Rue\n      village: Nord\n      start: tomorrow\n": "field 'content[0].fields.start' must be a date",
            "content:\n  - type: Roadwork\n    title: X\n    fields:\n      location: Rue\n      village: Nord\n      start: 2026-02-30\n": "not valid YAML (day is out of range",
            "content:\n  - type: Roadwork\n    title: X\n    fields:\n      location: Rue\n      village: Nord\n      start: '2026-02-30'\n": "field 'content[0].fields.start' is not a real date",
            "content:\n  - type: Roadwork\n    title: X\n    fields:\n      village: Nord\n      start: today\n": "field 'content[0].fields.location' is missing",
            "content:\n  - type: Shop\n    title: X\n    fields:\n      category: garage\n": "field 'content[0].fields.category' must be one of",
            "content:\n  - type: Shop\n    title: X\n    fields:\n      category: food\n      phone: '12'\n": "field 'content[0].fields.phone' is not valid",
            "content:\n  - type: Shop\n    title: X\n    fields:\n      category: food\n      colour: red\n": "field 'content[0].fields.colour' is not a field of Shop",
            "content:\n  - type: Shop\n    path: /nowhere\n    title: X\n    fields:\n      category: food\n": "field 'content[0].path' names no section",
            "content:\n  - type: Procedure\n    title: X\n    fields:\n      category: permit\n      service: /missing\n": "field 'content[0].fields.service' names no section or earlier item",
            "content:\n  - type: Procedure\n    title: X\n    fields:\n      category: permit\n      service: /s\n  - type: PublicService\n    id: s\n    title: S\n": "field 'content[0].fields.service' names no section or earlier item",
            "content:\n  - type: News Item\n    title: X\n    image: missing.jpg\n": "field 'content[0].image' names a missing file",
            "sections:\n  - id: cpas\n    title: CPAS\n    local_roles:\n      cpas: [Manager]\n": "field 'sections[0].local_roles.cpas' must be a list of roles",
            "content:\n  - type: PublicService\n    title: X\n    fields:\n      opening_hours:\n        funday: 9-12\n": "field 'content[0].fields.opening_hours.funday'",
        }
        for text, expected in cases.items():
            with self.subTest(expected=expected):
                self.assertIn(expected, self.error(text))

    def test_refused_inputs_give_the_shared_readers_line(self):
        # tree.yaml is read by ville.core's reader against its schema: the
        # whole line is "<file>: field '<path>' <message>".
        path = self.dir / "tree.yaml"
        cases = {
            # a bad choice
            "content:\n  - type: Document\n    title: X\n    state: gone\n":
                "field 'content[0].state' must be one of private, pending, published, archived",
            # a file that must stand next to the YAML
            "sections:\n  - id: a\n    title: A\n    minisite:\n      logo: nope.png\n":
                "field 'sections[0].minisite.logo' names a missing file 'nope.png'",
            "content:\n  - type: Shop\n    title: X\n    fields:\n      category: food\n      logo: nope.png\n":
                "field 'content[0].fields.logo' names a missing file 'nope.png'",
            # missing required text
            "quick_access:\n  - icon: cpas\n    url: /x\n": "field 'quick_access[0].title' is missing",
            "sections:\n  - id: a\n    title: A\n    children:\n      - id: b\n        title: ''\n":
                "field 'sections[0].children[0].title' is missing",
            # wrong types
            "sections:\n  - id: a\n    title: [A]\n": "field 'sections[0].title' must be text",
            "sections:\n  - id: a\n    title: A\n    exclude_from_nav: 'oui'\n":
                "field 'sections[0].exclude_from_nav' must be true or false",
            "sections: [x]\n": "field 'sections[0]' must be a mapping of fields",
            "content:\n  - type: Document\n    title: X\n    fields: x\n":
                "field 'content[0].fields' must be a mapping of fields",
            "villages: [1]\n": "field 'villages' must be a list of names",
            # unknown keys name the known ones
            "quick_access:\n  - title: X\n    icon: cpas\n    link: /x\n":
                "field 'quick_access[0].link' is not known "
                "(expected one of title, description, icon, url, express)",
        }
        for text, expected in cases.items():
            with self.subTest(expected=expected):
                self.assertEqual(self.error(text), f"{path}: {expected}")

    def test_nothing_is_written_when_the_profile_is_bad(self):
        # load() raises before any apply(): ville_site calls load_all first.
        self.write("sections:\n  - title: Sans id\n")
        with self.assertRaises(ProfileError):
            municipality.load(self.dir)


class TestTreeApplied(unittest.TestCase):
    layer = VILLE_TREE_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        as_manager(self.portal)

    def test_sections_published_with_layouts(self):
        travaux = self.portal["travaux"]
        self.assertEqual(api.content.get_state(travaux), "published")
        self.assertEqual(travaux.getLayout(), "roadworks-listing")
        directory = self.portal["economie"]["annuaire-commercial"]
        self.assertEqual(directory.getLayout(), "shop-directory")

    def test_identity_settings(self):
        # The contact, hours and social links are ville.theme's records
        # (one record per setting): ville.theme's test_municipality.
        settings = ville_api.municipality_settings()
        self.assertEqual(settings.name, "Commune de Test")
        self.assertEqual(settings.villages, ["Centre", "Nord", "Sud"])

    def test_quick_access_buttons_in_order(self):
        buttons = ville_api.quick_access_buttons(self.portal)
        self.assertEqual([b["title"] for b in buttons], ["Travaux en cours", "CPAS"])
        self.assertTrue(buttons[0]["express"])
        self.assertFalse(buttons[1]["express"])
        self.assertEqual(buttons[0]["url"], self.portal.absolute_url() + "/travaux")
        self.assertTrue(buttons[0]["icon_url"].endswith("++resource++ville.policy/icons/roadworks.svg"))
        folder = self.portal["acces-directs"]
        folder.moveObjectsToTop([folder.objectIds()[1]])
        folder.reindexObject()
        for obj in folder.objectValues():
            obj.reindexObject(idxs=["getObjPositionInParent"])
        self.assertEqual(
            [b["title"] for b in ville_api.quick_access_buttons(self.portal)],
            ["CPAS", "Travaux en cours"],
        )

    def test_public_service_and_procedure_relation(self):
        service = ville_api.public_service(self.portal, "etat-civil-population")
        self.assertEqual(service.title, "État civil / Population")
        self.assertEqual(service.phone, "065 00 00 01")
        procedure = self.portal["ma-commune"]["carte-identite"]
        self.assertEqual(procedure.service.to_object, service)
        self.assertIsNone(ville_api.public_service(self.portal, "nothing"))

    def test_applying_twice_creates_nothing_more(self):
        count = len(api.portal.get_tool("portal_catalog")())
        municipality.apply(self.portal, municipality.load(TEST_PROFILE))
        self.assertEqual(len(api.portal.get_tool("portal_catalog")()), count)


class TestAlerts(unittest.TestCase):
    layer = VILLE_TREE_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        as_manager(self.portal)

    def alert(self, container, title, severity, start, end=None):
        obj = api.content.create(
            container=container, type="Alert", title=title, severity=severity,
            start=start, end=end,
        )
        api.content.transition(obj=obj, transition="publish")
        return obj

    def test_active_alerts_of_a_page(self):
        from datetime import datetime

        site_wide = self.alert(self.portal, "Tempête", "danger", datetime(2030, 1, 1, 8), datetime(2030, 1, 3, 20))
        self.alert(self.portal["travaux"], "Grand-Place fermée", "warning", datetime(2030, 1, 1, 0))
        self.alert(self.portal["actualites"], "Autre section", "info", datetime(2030, 1, 1, 0))
        self.alert(self.portal, "Passée", "info", datetime(2029, 1, 1), datetime(2029, 1, 2))
        private = api.content.create(
            container=self.portal, type="Alert", title="Brouillon", severity="info",
            start=datetime(2029, 1, 1),
        )
        self.assertEqual(api.content.get_state(private), "private")
        page = api.content.create(container=self.portal["travaux"], type="Document", title="P")
        now = datetime(2030, 1, 2, 12)
        with anonymous():
            titles = [b.Title for b in ville_api.active_alerts(page, now=now)]
        self.assertEqual(titles, ["Tempête", "Grand-Place fermée"])
        titles = [b.Title for b in ville_api.active_alerts(self.portal, now=datetime(2030, 1, 4))]
        self.assertEqual(titles, [])
        self.assertEqual(site_wide.severity, "danger")
