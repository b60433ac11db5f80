"""Workflow e-mails: submit to the communication group, publish/reject to the author."""

from email import message_from_bytes
from email.header import decode_header
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from ville.policy.testing import VILLE_TREE_INTEGRATION_TESTING

import unittest


def subject(raw):
    message = message_from_bytes(raw)
    return "".join(
        part.decode(charset or "ascii") if isinstance(part, bytes) else part
        for part, charset in decode_header(message["Subject"])
    ), message["To"]


class TestNotifications(unittest.TestCase):
    layer = VILLE_TREE_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.mailhost = self.portal.MailHost
        self.mailhost.reset()
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.user.create(username="comm2", email="comm2@commune.test",
                        password="secret-password-123")
        api.group.add_user(groupname="communication", username="comm2")
        with api.env.adopt_user(username="redacteur"):
            self.page = api.content.create(
                container=self.portal["actualites"], type="News Item",
                title="Fête de la musique",
            )

    def mails(self):
        return [subject(raw) for raw in self.mailhost.messages]

    def test_submit_mails_every_communication_member(self):
        with api.env.adopt_user(username="redacteur"):
            api.content.transition(obj=self.page, transition="submit")
        self.assertEqual(
            sorted(self.mails()),
            [("À relire : Fête de la musique", "comm2@commune.test"),
             ("À relire : Fête de la musique", "comm@commune.test")],
        )
        self.assertIn(self.page.absolute_url(),
                      message_from_bytes(self.mailhost.messages[0]).get_payload(decode=True).decode())

    def test_publish_mails_the_author(self):
        with api.env.adopt_user(username="redacteur"):
            api.content.transition(obj=self.page, transition="submit")
        self.mailhost.reset()
        with api.env.adopt_user(username="comm"):
            api.content.transition(obj=self.page, transition="publish")
        self.assertEqual(
            self.mails(), [("Publié : Fête de la musique", "redacteur@commune.test")]
        )

    def test_reject_mails_the_author_with_the_comment(self):
        with api.env.adopt_user(username="redacteur"):
            api.content.transition(obj=self.page, transition="submit")
        self.mailhost.reset()
        with api.env.adopt_user(username="comm"):
            api.content.transition(
                obj=self.page, transition="reject", comment="Ajoutez une photo."
            )
        self.assertEqual(
            self.mails(), [("Renvoyé : Fête de la musique", "redacteur@commune.test")]
        )
        body = message_from_bytes(self.mailhost.messages[0]).get_payload(decode=True).decode()
        self.assertIn("Ajoutez une photo.", body)

    def test_a_broken_mail_server_does_not_block_publication(self):
        from unittest import mock

        with mock.patch.object(self.mailhost, "send", side_effect=OSError("down")):
            with api.env.adopt_user(username="redacteur"):
                api.content.transition(obj=self.page, transition="submit")
        self.assertEqual(api.content.get_state(self.page), "pending")
