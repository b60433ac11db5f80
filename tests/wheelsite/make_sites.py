"""Create plain Plone 6.2 classic sites and install the add-ons in them.

Run by the python of a fresh virtualenv where the add-ons are installed from
their wheels (tests/test_installed_wheels.py), never by the project's own
virtualenv: it imports nothing of this repository, only Plone and what the
wheels installed.

usage: python make_sites.py <zope.conf> <result.json> <admin password> <site id>

The test runs it once per site (one process each: no state of one
installation is left in memory for the next), all in one ZODB: one site per
add-on alone, and one with the three. A failure is recorded with its
traceback in result.json and the transaction aborted.
"""

from pathlib import Path

import json
import sys
import traceback
import transaction


SITES = {
    "policy": ("ville.policy",),
    "theme": ("ville.theme",),
    "eguichet": ("ville.eguichet",),
    "all": ("ville.policy", "ville.theme", "ville.eguichet"),
}
PASSWORD = "wheel-secret-1"
MEMBERS = ("citoyen", "voisin", "agent")
AGENTS_GROUP = "agents-eguichet"

FIELDS_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema"
  xmlns:easyform="http://namespaces.plone.org/supermodel/easyform">
  <schema>
    <field name="first_name" type="zope.schema.TextLine"><title>Prénom</title></field>
    <field name="last_name" type="zope.schema.TextLine"><title>Nom</title></field>
    <field name="email" type="zope.schema.TextLine" easyform:validators="isValidEmail">
      <title>Courriel</title>
    </field>
    <field name="copies" type="zope.schema.Int"><title>Exemplaires</title><min>1</min><max>5</max></field>
  </schema>
</model>"""

ACTIONS_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="create_request" type="ville.eguichet.action.CreateRequest">
      <title>Créer une demande</title>
      <allow_anonymous>False</allow_anonymous>
      <agent_email>agents@ville.example</agent_email>
    </field>
  </schema>
</model>"""


def create_classic_site(app, site_id):
    """A plain classic site, as the "Create a new Plone site" form makes it:
    plone.classicui's "classic" distribution, without example content."""
    from plone.distribution.api import site as site_api

    return site_api.create(
        app,
        "classic",
        {
            "site_id": site_id,
            "title": f"Site {site_id}",
            "description": "",
            "default_language": "fr",
            "portal_timezone": "Europe/Brussels",
            "setup_content": False,
        },
    )


def make_form(portal):
    """An e-guichet procedure: an EasyForm with the "Créer une demande" action."""
    from collective.easyform.api import set_fields
    from plone import api
    from plone.supermodel import loadString

    form = api.content.create(
        container=portal, type="EasyForm", id="acte", title="Acte de naissance"
    )
    set_fields(form, loadString(FIELDS_MODEL).schema)
    form.actions_model = ACTIONS_MODEL
    if api.content.get_state(form, default=None) not in (None, "published"):
        api.content.transition(form, to_state="published")


def make_site(app, site_id, products):
    from plone import api
    from plone.base.utils import get_installer
    from zope.component.hooks import setSite

    portal = create_classic_site(app, site_id)
    setSite(portal)
    installer = get_installer(portal, portal.REQUEST)
    profiles = {}
    for product in products:
        if installer.is_product_installed(product):
            raise AssertionError(f"{product} installed before its turn")
        if not installer.install_product(product):
            raise AssertionError(f"{product} is not installable (no profile found)")
        profiles[product] = ".".join(
            portal.portal_setup.getLastVersionForProfile(f"{product}:default")
        )
    for userid in MEMBERS:
        api.user.create(
            username=userid, email=f"{userid}@example.org", password=PASSWORD,
            properties={"fullname": userid.capitalize()},
        )
    if "ville.eguichet" in products:
        api.portal.set_registry_record("plone.email_from_address", "guichet@ville.example")
        api.portal.set_registry_record("plone.email_from_name", "Ville")
        api.group.add_user(groupname=AGENTS_GROUP, username="agent")
        make_form(portal)
    return {
        "installed": {p: installer.is_product_installed(p) for p in
                      ("ville.policy", "ville.theme", "ville.eguichet")},
        "profile_versions": profiles,
    }


def main(zope_conf, result_path, admin_password, site_id):
    import Zope2
    from AccessControl.SecurityManagement import newSecurityManager
    from Testing.makerequest import makerequest
    from zope.component.hooks import setSite
    from zope.globalrequest import setRequest
    from Zope2.Startup.run import make_wsgi_app

    make_wsgi_app({}, zope_conf)
    app = makerequest(Zope2.app())
    app.REQUEST["PARENTS"] = [app]
    setRequest(app.REQUEST)
    if app.acl_users.getUser("admin") is None:
        app.acl_users._doAddUser("admin", admin_password, ["Manager"], [])
        transaction.commit()
    admin = app.acl_users.getUser("admin")
    newSecurityManager(None, admin.__of__(app.acl_users))

    import ville.core
    import ville.eguichet
    import ville.policy
    import ville.theme

    result = {
        "modules": {m.__name__: m.__file__ for m in
                    (ville.core, ville.policy, ville.theme, ville.eguichet)},
    }
    try:
        result.update(make_site(app, site_id, SITES[site_id]))
        transaction.get().note(f"make_sites: {site_id}")
        transaction.commit()
        result["error"] = None
    except Exception:
        result["error"] = traceback.format_exc()
        setSite(None)
        transaction.abort()
    Path(result_path).write_text(json.dumps(result, indent=2), encoding="utf-8")
    app._p_jar.close()


if __name__ == "__main__":
    main(*sys.argv[1:5])
