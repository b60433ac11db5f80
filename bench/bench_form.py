"""Add to the project's site the procedure the submission benchmark posts
to: an EasyForm with three fields and the e-guichet's "Créer une demande"
action (the engine every procedure of the town uses).

    python bench/bench_form.py <zope.conf> [site id]

Prints the form's path, or "not available: <why>" (exit 3).
"""

import sys


FIELDS = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="first_name" type="zope.schema.TextLine"><title>Prénom</title></field>
    <field name="last_name" type="zope.schema.TextLine"><title>Nom</title></field>
    <field name="email" type="zope.schema.TextLine"><title>E-mail</title></field>
  </schema>
</model>"""

ACTIONS = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="create_request" type="ville.eguichet.actions.CreateRequest">
      <title>Créer une demande</title>
      <allow_anonymous>False</allow_anonymous>
      <email_field>email</email_field>
    </field>
  </schema>
</model>"""


def main(zope_conf, site_id="Plone"):
    import transaction
    from ville_site.site import open_app
    from zope.component.hooks import setSite

    app = open_app(zope_conf)
    portal = app[site_id]
    setSite(portal)
    from plone import api

    types = portal.portal_types.objectIds()
    if "EasyForm" not in types or "EGuichetRequest" not in types:
        print("not available: EasyForm or EGuichetRequest not installed")
        return 3
    from collective.easyform.api import set_fields
    from plone.supermodel import loadString

    if "bench-procedure" not in portal.objectIds():
        form = api.content.create(container=portal, type="EasyForm", id="bench-procedure",
                                  title="Procédure de test (benchmark)")
        set_fields(form, loadString(FIELDS).schema)
        form.actions_model = ACTIONS
        if api.content.get_state(form, default=None) not in (None, "published"):
            api.content.transition(form, to_state="published")
        transaction.commit()
    print("/bench-procedure")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
