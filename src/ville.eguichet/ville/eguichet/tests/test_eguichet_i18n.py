"""Every user-visible string of the request engine has a French translation."""

from pathlib import Path
from ville.eguichet.tests import i18ncheck

import unittest


PO = Path(i18ncheck.PACKAGE) / "locales" / "fr" / "LC_MESSAGES" / "ville.po"


class TestFrench(unittest.TestCase):
    def test_every_msgid_translated(self):
        entries = i18ncheck.po_entries(PO)
        msgids = i18ncheck.all_msgids()
        self.assertGreater(len(msgids), 100)
        missing = sorted(m for m in msgids if not entries.get(m))
        self.assertEqual(missing, [])

    def test_mail_templates_keep_their_variables(self):
        entries = i18ncheck.po_entries(PO)
        for msgid in ("mail_receipt_body", "mail_transition_body", "mail_agent_body"):
            for variable in ("${reference}", "${procedure}"):
                self.assertIn(variable, entries[msgid])
        self.assertIn("${url}", entries["mail_receipt_body"])
        self.assertIn("${payment}", entries["mail_receipt_body"])
        self.assertIn("${comment}", entries["mail_transition_body"])


class TestFrenchAtRuntime(unittest.TestCase):
    from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING as layer

    def test_receipt_translated(self):
        from ville.eguichet import messages as mail
        from zope.i18n import translate

        subject = translate(mail.RECEIPT_SUBJECT, target_language="fr")
        self.assertEqual(subject, "Votre demande ${reference} a bien été reçue")
        body = translate(mail.RECEIPT_BODY, target_language="fr")
        self.assertIn("Nous avons bien reçu votre demande", body)
