"""Shared helpers of the e-guichet tests (not a test module)."""

from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from collective.easyform.api import set_fields
from plone.supermodel import loadString


FIELDS_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema"
  xmlns:easyform="http://namespaces.plone.org/supermodel/easyform">
  <schema>
    <field name="first_name" type="zope.schema.TextLine"><title>First name</title></field>
    <field name="last_name" type="zope.schema.TextLine"><title>Last name</title></field>
    <field name="email" type="zope.schema.TextLine" easyform:validators="isValidEmail">
      <title>E-mail</title>
    </field>
    <field name="national_number" type="zope.schema.TextLine"><title>National number</title></field>
    <field name="copies" type="zope.schema.Int"><title>Copies</title><min>1</min><max>5</max></field>
    <field name="language" type="zope.schema.Choice">
      <title>Language</title><required>False</required>
      <vocabulary>plone.app.vocabularies.SupportedContentLanguages</vocabulary>
    </field>
    <field name="attachment" type="plone.namedfile.field.NamedBlobFile">
      <title>Attachment</title><required>False</required>
    </field>
  </schema>
</model>"""

ACTIONS_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="create_request" type="ville.eguichet.action.CreateRequest">
      <title>Créer une demande</title>
      <allow_anonymous>{anonymous}</allow_anonymous>
      <agent_email>agents@ville.example</agent_email>
      <agent_group>{group}</agent_group>
    </field>
  </schema>
</model>"""

AGENT = "agent1"
CITIZEN = "citizen1"
OTHER = "citizen2"
EDITOR = "editor1"
SITEADMIN = "siteadmin1"
MANAGER = "manager1"
PASSWORD = "secret-password-1"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_users(portal):
    for userid, roles in (
        (AGENT, ["Member"]),
        (CITIZEN, ["Member"]),
        (OTHER, ["Member"]),
        (EDITOR, ["Member", "Editor", "Reviewer", "Contributor"]),
        (SITEADMIN, ["Member", "Site Administrator"]),
        (MANAGER, ["Member", "Manager"]),
    ):
        if api.user.get(userid=userid) is None:
            api.user.create(
                username=userid,
                email=f"{userid}@example.org",
                password=PASSWORD,
                properties={"fullname": userid.capitalize()},
            )
            setRoles(portal, userid, roles)
    api.group.add_user(groupname="agents-eguichet", username=AGENT)


def make_form(portal, id="acte", anonymous=False, group=""):
    """An easyform with the "Créer une demande" action, published."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, TEST_USER_NAME)
    form = api.content.create(
        container=portal, type="EasyForm", id=id, title=f"Procédure {id}"
    )
    set_fields(form, loadString(FIELDS_MODEL).schema)
    form.actions_model = ACTIONS_MODEL.format(
        anonymous=str(anonymous), group=group
    )
    # easyform's default mailer is dropped by setting our own actions model.
    if api.content.get_state(form, default=None) not in (None, "published"):
        api.content.transition(form, to_state="published")
    setRoles(portal, TEST_USER_ID, ["Member"])
    return form


def valid_data(**overrides):
    data = {
        "first_name": "Marie",
        "last_name": "Dupont",
        "email": "marie@example.org",
        "national_number": "85073003328",
        "copies": 1,
    }
    data.update(overrides)
    return data


def mail_text(message) -> str:
    """The plain-text body of a mail (a member's receipt is multipart: the
    text and the PDF receipt)."""
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(
        part.get_payload(decode=True).decode("utf-8")
        for part in parts
        if part.get_content_type() == "text/plain"
    )


def confirm_summary(browser):
    """The form's button leads to "Vérifier ma demande" (a testbrowser):
    send the request from there."""
    if "@@eguichet-verifier" in (browser.url or ""):
        browser.getControl(name="form.buttons.confirm").click()


def through_summary(response):
    """The same for a WebTest response of the form's button."""
    location = response.headers.get("Location", "") if response.status_int in (301, 302, 303) else ""
    if "@@eguichet-verifier" not in location:
        return response
    return response.follow().forms["eguichet-confirm"].submit("form.buttons.confirm")
