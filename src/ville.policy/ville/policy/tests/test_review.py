"""Review dates (issue 19): defaults per type on publication, the list of
content to re-read on its edges (due today, overdue), "Marquer comme relu"
(date moved on, history entry in @history), the visitors' notice, the
profile's settings and the weekly digest over real SMTP on loopback."""

from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.protect.authenticator import createToken
from ville.core.profilefile import ProfileError
from ville.policy import dates
from ville.policy.review import settings
from ville.policy.tests.base import anonymous
from ville.policy.testing import TEST_PROFILE
from ville.policy.testing import VILLE_TREE_FUNCTIONAL_TESTING
from ville.policy.testing import VILLE_TREE_INTEGRATION_TESTING
from ville.policy.testing import VILLE_TREE_SERVER_TESTING
from ville.testing.smtpsink import free_port
from ville.testing.smtpsink import SMTPSink
from zope.component import getMultiAdapter
from zope.schema.interfaces import ConstraintNotSatisfied

import shutil
import tempfile
import transaction
import unittest


def text_of(raw):
    message = message_from_bytes(raw)
    subject = "".join(
        part.decode(charset or "ascii") if isinstance(part, bytes) else part
        for part, charset in decode_header(message["Subject"]))
    body = message.get_payload(decode=True).decode("utf-8").replace("\r\n", "\n")
    return subject, message["To"], body


class Base(unittest.TestCase):
    layer = VILLE_TREE_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.today = dates.today()
        self.services = self.portal["ma-commune"]["services"]

    def published(self, portal_type, title, container=None, **fields):
        obj = api.content.create(container=container or self.services,
                                 type=portal_type, title=title)
        for name, value in fields.items():
            setattr(obj, name, value)
        api.content.transition(obj=obj, transition="publish")
        obj.reindexObject()
        return obj


class TestDefaults(Base):
    def test_dates_set_on_publication_from_the_types_period(self):
        procedure = self.published("Procedure", "Carte d'identité")
        page = self.published("Document", "Horaires")
        news = self.published("News Item", "Fête", container=self.portal["actualites"])
        service = self.published("PublicService", "Population")
        self.assertEqual(procedure.review_date, settings.add_months(self.today, 12))
        self.assertEqual(page.review_date, settings.add_months(self.today, 24))
        self.assertIsNone(news.review_date)  # news: never
        # The test profile's review: section: public services every 6 months.
        self.assertEqual(service.review_date, settings.add_months(self.today, 6))
        self.assertEqual(procedure.review_owner, "communication")
        # An explicit date and responsible are kept.
        kept = self.published("Procedure", "Mariage", review_date=self.today,
                              review_owner="redacteur")
        self.assertEqual((kept.review_date, kept.review_owner), (self.today, "redacteur"))
        brain = api.content.find(UID=kept.UID())[0]
        self.assertEqual((brain.review_date, brain.review_owner), (self.today, "redacteur"))
        # REST: the date is public, the responsible's id is for the editors.
        from plone.restapi.interfaces import ISerializeToJson
        with anonymous():
            data = getMultiAdapter((kept, self.request), ISerializeToJson)()
        self.assertEqual(data["review_date"], self.today.isoformat())
        self.assertNotIn("review_owner", data)
        data = getMultiAdapter((kept, self.request), ISerializeToJson)()
        self.assertEqual(data["review_owner"]["token"], "redacteur")

    def test_add_months_keeps_the_month_end(self):
        from datetime import date
        self.assertEqual(settings.add_months(date(2027, 1, 31), 1), date(2027, 2, 28))
        self.assertEqual(settings.add_months(date(2026, 12, 1), 12), date(2027, 12, 1))

    def test_profile_settings_are_checked(self):
        from ville.policy import municipality
        data = municipality.load(TEST_PROFILE)
        self.assertEqual(data["review"]["owner"], "communication")
        self.assertEqual(api.portal.get_registry_record("ville.review.notice_days"),
                         {"PublicService": 10})
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        shutil.copytree(TEST_PROFILE, folder, dirs_exist_ok=True)
        with open(f"{folder}/municipality.yaml", "a") as handle:
            handle.write("    Event: {months: 3}\n")
        with self.assertRaises(ProfileError) as error:
            municipality.load(folder)
        self.assertIn("field 'review.types.Event' is not a reviewed type", str(error.exception))

    def test_owners_vocabulary_lists_staff_not_citizens(self):
        api.user.create(username="citoyen", email="c@example.org",
                        password="secret-password-123")
        vocabulary = api.portal.get_tool("portal_catalog")  # noqa: F841
        from ville.policy.review.owners import ReviewOwnersVocabulary
        values = [t.value for t in ReviewOwnersVocabulary(self.portal)]
        self.assertIn("communication", values)
        self.assertIn("redacteur", values)
        self.assertNotIn("citoyen", values)


    def test_owners_vocabulary_is_read_only_when_used(self):
        # Every REST add or edit binds each field of the schema: binding
        # the review owner's field reads no group nor member.
        from unittest import mock
        from ville.policy.review import behavior
        from ville.policy.review import owners

        api.user.create(username="citoyen", email="c@example.org",
                        password="secret-password-123")
        field = behavior.IReviewDate["review_owner"]
        page = api.content.create(container=self.portal, type="Document", title="Page",
                                  review_owner="ancien-agent")
        with mock.patch.object(owners, "staff_groups", wraps=owners.staff_groups) as read:
            bound = field.bind(page)
            self.assertEqual(read.call_count, 0)
            # read when asked: the staff, and the item's current owner kept
            self.assertIn("communication", bound.vocabulary)
            self.assertIn("ancien-agent", bound.vocabulary)
            self.assertNotIn("citoyen", bound.vocabulary)
            self.assertGreater(read.call_count, 0)
            self.assertEqual(bound.vocabulary.getTerm("communication").value, "communication")
        bound.validate("communication")
        with self.assertRaises(ConstraintNotSatisfied):
            bound.validate("citoyen")

class TestListAndMark(Base):
    def setUp(self):
        super().setUp()
        self.overdue = self.published("Procedure", "Permis de bâtir",
                                      review_date=self.today - timedelta(days=1))
        self.due_today = self.published("Document", "Horaires d'été",
                                        review_date=self.today, review_owner="redacteur")
        self.later = self.published("Procedure", "Passeport",
                                    review_date=self.today + timedelta(days=90))
        self.cpas = self.published("Document", "Aide sociale", container=self.portal["cpas"],
                                   review_date=self.today - timedelta(days=3))

    def render_list(self, **form):
        self.request.form.update(form)
        view = getMultiAdapter((self.portal, self.request), name="contenus-a-relire")
        view.index = lambda: ""
        view()
        return view

    def test_list_due_today_and_overdue(self):
        view = self.render_list()
        overdue = [r["title"] for r in view.overdue()]
        due = [r["title"] for r in view.due()]
        self.assertEqual(overdue, ["Aide sociale", "Permis de bâtir"])
        self.assertEqual(due, ["Horaires d'été"])  # due today: due, not late
        self.assertEqual(view.late_text(view.due()[0]), "Aujourd'hui")
        self.assertEqual(view.late_text(view.overdue()[1]), "1 jour(s) de retard")
        self.assertEqual(view.overdue()[1]["owner"], "Communication")

    def test_filters_by_section_and_responsible(self):
        section = "/".join(self.portal["cpas"].getPhysicalPath())
        self.assertEqual([r["title"] for r in self.render_list(section=section).rows],
                         ["Aide sociale"])
        self.request.form.clear()
        self.assertEqual([r["title"] for r in self.render_list(responsible="redacteur").rows],
                         ["Horaires d'été"])
        self.request.form.clear()
        with api.env.adopt_user(username="comm"):
            titles = [r["title"] for r in self.render_list(responsible="me").rows]
        self.assertEqual(titles, ["Aide sociale", "Permis de bâtir"])

    def test_page_renders_for_editors_only(self):
        with api.env.adopt_user(username="redacteur"):
            html = self.portal.restrictedTraverse("@@contenus-a-relire")()
        self.assertIn("Contenus à relire", html)
        self.assertIn("Marquer comme relu", html)
        self.assertIn("Permis de bâtir", html)
        self.assertNotIn("Passeport", html)
        with anonymous():
            from AccessControl import Unauthorized
            with self.assertRaises(Unauthorized):
                self.portal.restrictedTraverse("@@contenus-a-relire")

    def test_mark_as_reread_moves_the_date_and_writes_history(self):
        self.request.method = "POST"
        with api.env.adopt_user(username="redacteur"):  # an editor, not a reviewer
            self.request.form["_authenticator"] = createToken()
            self.overdue.restrictedTraverse("@@marquer-comme-relu")()
        self.assertEqual(self.overdue.review_date, settings.add_months(self.today, 12))
        self.assertEqual(api.content.get_state(self.overdue), "published")
        brain = api.content.find(UID=self.overdue.UID())[0]
        self.assertEqual(brain.review_date, self.overdue.review_date)
        from plone.restapi.interfaces import IPloneRestapiLayer
        from zope.interface import alsoProvides
        alsoProvides(self.request, IPloneRestapiLayer)
        service = getMultiAdapter((self.overdue, self.request),
                                  name="GET_application_json_@history")
        history = service.reply()
        entry = history[0]
        self.assertEqual(entry["transition_title"], "Marquer comme relu")
        self.assertEqual(entry["actor"]["id"], "redacteur")
        self.assertIn("Relu par Redacteur. Prochaine relecture avant le", entry["comments"])
        self.assertEqual(entry["review_state"], "published")
        # Gone from the list; a citizen may not mark.
        self.assertNotIn("Permis de bâtir", [r["title"] for r in self.render_list().rows])
        api.user.create(username="citoyen", email="c@example.org", password="secret-password-123")
        with api.env.adopt_user(username="citoyen"):
            self.assertFalse(api.user.has_permission(
                "ville.policy: Mark as re-read", obj=self.due_today))

    def test_visitors_notice_after_the_types_delay(self):
        service = self.published("PublicService", "État civil",
                                 review_date=self.today - timedelta(days=10))
        recent = self.published("PublicService", "Urbanisme",
                                review_date=self.today - timedelta(days=9))

        def viewlet(obj):
            from ville.policy.review.views import ReviewViewlet
            view = ReviewViewlet(obj, self.request, None, None)
            view.update()
            return view.notice, view.render()

        with anonymous():
            notice, html = viewlet(service)
            self.assertTrue(notice)
            self.assertIn("Cette page est en cours de mise à jour", html)
            self.assertNotIn("Marquer comme relu", html)
            self.assertEqual(viewlet(recent), (False, ""))
            # Procedures have no notice in this profile, however late.
            self.assertEqual(viewlet(self.overdue), (False, ""))
        with api.env.adopt_user(username="comm"):
            notice, html = viewlet(self.overdue)
            self.assertIn("Marquer comme relu", html)


class TestDigest(Base):
    # run() commits like the real command: a layer whose storage is thrown
    # away after each test.
    layer = VILLE_TREE_FUNCTIONAL_TESTING

    def setUp(self):
        super().setUp()
        api.group.add_user(groupname="communication", username="redacteur")
        self.published("Procedure", "Permis de bâtir",
                       review_date=self.today - timedelta(days=5))
        self.published("Document", "Horaires d'été", review_date=self.today,
                       review_owner="redacteur")
        self.published("Procedure", "Passeport", review_date=self.today + timedelta(days=30))
        self.sink = SMTPSink(free_port()).start()
        self.addCleanup(self.sink.stop)
        api.portal.set_registry_record("plone.smtp_host", "localhost")
        api.portal.set_registry_record("plone.smtp_port", self.sink.port)
        mock = self.portal.MailHost
        self.portal.MailHost = self.portal._original_MailHost
        self.addCleanup(setattr, self.portal, "MailHost", mock)
        transaction.commit()

    def run_digest(self, *argv):
        from io import StringIO
        from ville.policy.scripts.review_digest import run
        out = StringIO()
        status = run(self.layer["app"], ["--site", self.portal.getId(),
                                         "--url", "https://www.commune.test/", *argv], out=out,
                     today=self.today)
        return status, out.getvalue()

    def test_one_mail_per_person_a_week(self):
        status, report = self.run_digest()
        self.assertEqual(status, 0, report)
        mails = sorted(text_of(m["data"]) for m in self.sink.messages)
        self.assertEqual([(s, to) for s, to, _ in mails], [
            ("Contenus à relire : 1 (dont 1 en retard)", "comm@commune.test"),
            ("Contenus à relire : 2 (dont 1 en retard)", "redacteur@commune.test"),
        ])
        body = mails[1][2]
        self.assertIn("Bonjour Redacteur", body)
        self.assertIn("En retard", body)
        self.assertIn("- Permis de bâtir (à relire avant le", body)
        self.assertIn("5 jour(s) de retard", body)
        self.assertIn("Cette semaine", body)
        self.assertIn("Horaires d'été", body)
        self.assertNotIn("Passeport", body)
        self.assertIn("\n  https://www.commune.test/ma-commune/services/permis-de-batir\n", body)
        self.assertIn("https://www.commune.test/@@contenus-a-relire?responsible=me", body)
        # Run again the same week: nobody mailed twice.
        status, report = self.run_digest()
        self.assertEqual(len(self.sink.messages), 2)
        self.assertIn("skipped\tcomm", report)
        status, report = self.run_digest("--dry-run", "--force")
        self.assertIn("would send\tredacteur: 2 item(s)", report)
        self.assertEqual(len(self.sink.messages), 2)


class TestOverHTTP(Base):
    """An editor's walk against the real WSGI server: the list, the button
    (with its CSRF token), back to the list, and the entry in ``@history``."""

    layer = VILLE_TREE_SERVER_TESTING

    def test_list_button_and_history(self):
        import re
        import requests

        item = self.published("Procedure", "Permis de bâtir",
                              review_date=self.today - timedelta(days=2))
        transaction.commit()
        auth = ("redacteur", "secret-password-123")
        page = requests.get(f"{self.portal.absolute_url()}/@@contenus-a-relire",
                            auth=auth, timeout=30)
        self.assertEqual(page.status_code, 200)
        form = page.text[page.text.index(f'{item.absolute_url()}/@@marquer-comme-relu'):]
        token = re.search(r'name="_authenticator" value="([^"]+)"', form).group(1)
        came_from = re.search(r'name="came_from" value="([^"]+)"', form).group(1)
        answer = requests.post(f"{item.absolute_url()}/@@marquer-comme-relu", auth=auth,
                               data={"_authenticator": token, "came_from": came_from},
                               allow_redirects=False, timeout=30)
        self.assertEqual((answer.status_code, answer.headers["Location"]),
                         (302, came_from))
        history = requests.get(f"{item.absolute_url()}/@history", timeout=30,
                               auth=("comm", "secret-password-123"),
                               headers={"Accept": "application/json"}).json()
        self.assertEqual((history[0]["transition_title"], history[0]["actor"]["id"]),
                         ("Marquer comme relu", "redacteur"))
        transaction.begin()
        self.assertEqual(item.review_date, settings.add_months(self.today, 12))
        # Without the token nothing happens.
        answer = requests.post(f"{item.absolute_url()}/@@marquer-comme-relu", auth=auth,
                               allow_redirects=False, timeout=30)
        self.assertEqual(answer.status_code, 403)
