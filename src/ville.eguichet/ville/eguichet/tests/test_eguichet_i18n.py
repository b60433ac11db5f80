"""Every user-visible string of the request engine has a French, German
and Dutch translation."""

from pathlib import Path
from ville.eguichet.tests import i18ncheck

import unittest


LOCALES = Path(i18ncheck.PACKAGE) / "locales"
PO = LOCALES / "fr" / "LC_MESSAGES" / "ville.po"
LANGUAGES = ("fr", "de", "nl")


class TestFrench(unittest.TestCase):
    def test_every_msgid_translated(self):
        msgids = i18ncheck.all_msgids()
        self.assertGreater(len(msgids), 100)
        for language in LANGUAGES:
            entries = i18ncheck.po_entries(LOCALES / language / "LC_MESSAGES" / "ville.po")
            missing = sorted(m for m in msgids if not entries.get(m))
            self.assertEqual(missing, [], language)

    def test_mail_templates_keep_their_variables(self):
        for language in LANGUAGES:
            entries = i18ncheck.po_entries(LOCALES / language / "LC_MESSAGES" / "ville.po")
            for msgid in ("mail_receipt_body", "mail_transition_body", "mail_agent_body"):
                for variable in ("${reference}", "${procedure}"):
                    self.assertIn(variable, entries[msgid], language)
            self.assertIn("${url}", entries["mail_receipt_body"], language)
            self.assertIn("${payment}", entries["mail_receipt_body"], language)
            self.assertIn("${comment}", entries["mail_transition_body"], language)


class TestFrenchAtRuntime(unittest.TestCase):
    from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING as layer

    def test_receipt_translated(self):
        from ville.eguichet import messages as mail
        from zope.i18n import translate

        subject = translate(mail.RECEIPT_SUBJECT, target_language="fr")
        self.assertEqual(subject, "Votre demande ${reference} a bien été reçue")
        body = translate(mail.RECEIPT_BODY, target_language="fr")
        self.assertIn("Nous avons bien reçu votre demande", body)

    def test_receipt_translated_in_german_and_dutch(self):
        from ville.eguichet import messages as mail
        from zope.i18n import translate

        subject = translate(mail.RECEIPT_SUBJECT, target_language="de")
        self.assertEqual(subject, "Ihr Antrag ${reference} ist eingegangen")
        body = translate(mail.RECEIPT_BODY, target_language="nl")
        self.assertIn("We hebben uw aanvraag ${reference}", body)
