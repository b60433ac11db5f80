"""Dates and times of requests in the town's zone (``plone.portal_timezone``)
with the process in TZ=UTC, as on servers: pages, mails, exports, filters,
REST, at a winter (UTC+1) and a summer (UTC+2) date."""

from contextlib import contextmanager
from datetime import datetime
from datetime import timezone
from io import BytesIO
from plone import api
from unittest import mock
from ville.eguichet import dates
from ville.eguichet import engine
from ville.eguichet.tests import base
from ville.eguichet.tests.test_eguichet_functional import Base

import csv
import io
import os
import time


UTC = timezone.utc
# (instant, as read in Brussels): 16:08 in Brussels, winter and summer.
WINTER = (datetime(2026, 1, 15, 15, 8, tzinfo=UTC), "15/01/2026 16:08")
SUMMER = (datetime(2026, 7, 15, 14, 8, tzinfo=UTC), "15/07/2026 16:08")


@contextmanager
def engine_clock(moment):
    """Submissions and transitions happen at ``moment`` (the engine's clock)."""
    with mock.patch.object(engine, "now", lambda: moment):
        yield


class TimezoneBase(Base):
    longMessage = False  # the pages are long: say which, not what they hold

    def setUp(self):
        # Servers run in UTC: so does this process during these tests.
        self._tz = os.environ.get("TZ")
        os.environ["TZ"] = "UTC"
        time.tzset()
        super().setUp()
        api.portal.set_registry_record("plone.portal_timezone", "Europe/Brussels")
        import transaction

        transaction.commit()

    def tearDown(self):
        if self._tz is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = self._tz
        time.tzset()

    def submit(self, moment, form=None, user=base.CITIZEN, **data):
        form = form or self.form
        with engine_clock(moment):
            status, body = self.rest(
                "POST", f"{form.absolute_url()}/@eguichet-submit", user,
                base.valid_data(**data),
            )
        self.assertEqual(status, 201, body)
        return body


class TestShownInTheTownsZone(TimezoneBase):
    def check_everywhere(self, moment, shown):
        utc_time = moment.strftime("%d/%m/%Y %H:%M")
        mine = self.submit(moment)
        tracked = self.submit(moment, form=self.anon_form, user=None, last_name="Anonyme")
        portal_url = self.portal.absolute_url()
        store_url = self.store.absolute_url()
        pages = {
            "request page (citizen)": (base.CITIZEN, mine["@id"]),
            "request page (agent)": (base.AGENT, mine["@id"]),
            "mes-demandes": (base.CITIZEN, f"{portal_url}/@@mes-demandes"),
            "dashboard": (base.AGENT, f"{store_url}/@@eguichet-dashboard"),
            "tracking page": (None, tracked["tracking_url"]),
        }
        for name, (user, url) in pages.items():
            with self.subTest(page=name):
                browser = self.browser(user)
                browser.open(url)
                self.assertIn(shown, browser.contents, name)
                self.assertNotIn(utc_time, browser.contents, name)
        # Mails: the citizen's receipt and the agents' notice.
        self.portal._p_jar.sync()
        mails = [m.decode("utf-8", "replace") for m in self.portal.MailHost.messages]
        self.assertTrue(mails)
        texts = [_mail_text(m) for m in mails]
        receipts = [t for t in texts if mine["reference"] in t and "has been received" in t]
        self.assertEqual(len(receipts), 1, texts)
        self.assertIn(shown, receipts[0])
        notices = [t for t in texts if "agents@ville.example" in t]
        self.assertTrue(notices)
        for text in texts:
            self.assertNotIn(utc_time, text)
        self.assertTrue(any(shown in t for t in notices))
        # Exports, CSV and XLSX.
        agent = self.browser(base.AGENT)
        agent.open(f"{store_url}/@@eguichet-export?format=csv")
        rows = list(csv.reader(
            io.StringIO(agent._response.body.decode("utf-8-sig")), delimiter=";"
        ))
        column = rows[0].index("Submitted on")
        self.assertEqual({row[column] for row in rows[1:]}, {shown})
        agent.open(f"{store_url}/@@eguichet-export?format=xlsx")
        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(agent._response.body)).active
        self.assertEqual(
            {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}, {shown}
        )
        # REST: the same instant, ISO 8601 with an explicit offset.
        for url in (mine["@id"], f"{portal_url}/@eguichet-requests"):
            with self.subTest(rest=url):
                status, body = self.rest("GET", url, base.CITIZEN)
                self.assertEqual(status, 200)
                created = body["created"] if "created" in body else body["items"][0]["created"]
                parsed = datetime.fromisoformat(created)
                self.assertIsNotNone(parsed.tzinfo, created)
                self.assertEqual(parsed, moment)

    def test_winter(self):
        self.check_everywhere(*WINTER)

    def test_summer(self):
        self.check_everywhere(*SUMMER)

    def test_the_record_decides_and_brussels_is_the_fallback(self):
        moment = WINTER[0]
        api.portal.set_registry_record("plone.portal_timezone", "America/New_York")
        self.assertEqual(dates.format_datetime(moment), "15/01/2026 10:08")
        from plone.registry.interfaces import IRegistry
        from zope.component import getUtility

        getUtility(IRegistry)["plone.portal_timezone"] = None
        self.assertEqual(dates.format_datetime(moment), WINTER[1])

    def test_reference_export_name_and_statistics_month_are_the_towns(self):
        # 23:30 UTC on 31 January is already 1 February in Brussels.
        late = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
        body = self.submit(late)
        self.assertIn("-20260201-", body["reference"])
        agent = self.browser(base.AGENT)
        with engine_clock(late):
            agent.open(f"{self.store.absolute_url()}/@@eguichet-export?format=csv")
        self.assertIn("demandes-20260201-0030.csv", agent.headers["Content-Disposition"])
        agent.open(f"{self.store.absolute_url()}/@@eguichet-statistics")
        months = agent.contents[agent.contents.index('id="statistics-per-month"'):]
        months = months[:months.index("</tr>")]
        self.assertIn(">2026-02<", months, months)
        self.assertNotIn(">2026-01<", months, months)


def _mail_text(message: str) -> str:
    """The decoded text of a MIME message (bodies may be base64 or QP)."""
    import email

    parsed = email.message_from_string(message)
    parts = [parsed] if not parsed.is_multipart() else list(parsed.walk())
    text = "".join(f"{k}: {v}\n" for k, v in parsed.items())
    for part in parts:
        if part.get_content_type() == "text/plain":
            text += part.get_payload(decode=True).decode(
                part.get_content_charset() or "utf-8", "replace"
            )
    return text


class TestDateFiltersAtTheTownsMidnight(TimezoneBase):
    def filtered(self, **criteria):
        browser = self.browser(base.AGENT)
        query = "&".join(f"{k}={v}" for k, v in criteria.items())
        browser.open(f"{self.store.absolute_url()}/@@eguichet-dashboard?{query}")
        page = browser.contents
        browser.open(f"{self.store.absolute_url()}/@@eguichet-export?format=csv&{query}")
        exported = browser._response.body.decode("utf-8-sig")
        return page, exported

    def check(self, day_before, day_after, before, after):
        """``before``: the last minutes of ``day_before`` in Brussels;
        ``after``: the first minutes of ``day_after``."""
        late = self.submit(before, last_name="Tard")["reference"]
        early = self.submit(after, last_name="Tot")["reference"]
        for criteria, present, absent in (
            ({"date_from": day_after}, early, late),
            ({"date_to": day_before}, late, early),
            ({"date_from": day_before, "date_to": day_before}, late, early),
            ({"date_from": day_after, "date_to": day_after}, early, late),
        ):
            with self.subTest(**criteria):
                for text in self.filtered(**criteria):
                    self.assertIn(present, text, f"{present} missing")
                    self.assertNotIn(absent, text, f"{absent} shown")

    def test_winter_midnight(self):
        # 28 March 2026 23:30 and 29 March 00:30 in Brussels (UTC+1).
        self.check(
            "2026-03-28", "2026-03-29",
            datetime(2026, 3, 28, 22, 30, tzinfo=UTC),
            datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
        )

    def test_summer_midnight(self):
        # 15 July 2026 23:30 and 16 July 00:30 in Brussels (UTC+2).
        self.check(
            "2026-07-15", "2026-07-16",
            datetime(2026, 7, 15, 21, 30, tzinfo=UTC),
            datetime(2026, 7, 15, 22, 30, tzinfo=UTC),
        )
