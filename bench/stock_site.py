"""Create the stock Plone 6.2 classic site the benchmark compares against:
plain addPloneSite with plone.app.contenttypes and Barceloneta (plus
plone.restapi, which Plone 6 ships, for the REST scenarios), and a little
stock content: a news item, a page, a folder with a page.

    python bench/stock_site.py <zope.conf> <admin password>
"""

import sys


def main(zope_conf, password):
    import transaction
    from plone import api
    from Products.CMFPlone.factory import addPloneSite
    from ville_site.site import open_app
    from zope.component.hooks import setSite

    app = open_app(zope_conf)
    if app.acl_users.getUser("admin") is None:
        app.acl_users._doAddUser("admin", password, ["Manager"], [])
    if "Plone" not in app.objectIds():
        portal = addPloneSite(
            app, "Plone", title="Plone",
            extension_ids=("plone.app.contenttypes:default",
                           "plonetheme.barceloneta:default", "plone.restapi:default"),
            setup_content=False, default_language="fr",
        )
        setSite(portal)
        items = [
            api.content.create(container=portal, type="News Item", id="news-item",
                               title="Fermeture de la piscine",
                               description="Travaux d'entretien en décembre"),
            api.content.create(container=portal, type="Document", id="page",
                               title="Horaires de l'administration"),
        ]
        folder = api.content.create(container=portal, type="Folder", id="travaux",
                                    title="Travaux")
        items += [folder, api.content.create(container=folder, type="Document",
                                             id="rue-de-la-gare", title="Rue de la Gare")]
        for item in items:
            api.content.transition(obj=item, transition="publish")
        transaction.commit()
    print("stock site ready")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
