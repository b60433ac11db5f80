"""Add the same listing content to a site (stock or project): a folder
`liste` holding 20 published sections of 50 published pages (1,000 items),
and a plain member `bench-member`, for the listing scenario of `make bench`:
the cost of the scheduled-publication rule (ville.policy's catalog filter
on `ville_window` and the narrowed allowedRolesAndUsers) against stock
Plone's effectiveRange, on the same query. Every item of the listing is
kept out of the navigation (`exclude_from_nav`): stock Plone's three-level
menu would otherwise render the 1,000 pages on each stock page, and the
page rows of the same run would compare that menu, not the pages.

    python bench/fill_listing.py <zope.conf> <member password> [site id]
"""

import sys


SECTIONS = 20
PER_SECTION = 50
MEMBER = "bench-member"


def main(zope_conf, password, site_id="Plone"):
    import transaction
    from plone import api
    from ville_site.site import open_app
    from zope.component.hooks import setSite

    app = open_app(zope_conf)
    portal = app[site_id]
    setSite(portal)
    if api.user.get(username=MEMBER) is None:
        api.user.create(email="bench-member@example.org", username=MEMBER,
                        password=password, roles=("Member",))
    if "liste" not in portal.objectIds():
        root = api.content.create(container=portal, type="Folder", id="liste",
                                  title="Liste")
        api.content.transition(obj=root, to_state="published")
        for section in range(SECTIONS):
            folder = api.content.create(container=root, type="Folder",
                                        id=f"section-{section:02d}",
                                        title=f"Section {section:02d}")
            api.content.transition(obj=folder, to_state="published")
            for number in range(PER_SECTION):
                page = api.content.create(container=folder, type="Document",
                                          id=f"page-{number:02d}",
                                          title=f"Page {section:02d}-{number:02d}",
                                          description="Une page de la liste")
                api.content.transition(obj=page, to_state="published")
            transaction.commit()
    hide_from_navigation(portal["liste"])
    transaction.commit()
    print(f"listing ready: {SECTIONS} sections of {PER_SECTION}, out of the navigation")
    return 0


def hide_from_navigation(root):
    """``exclude_from_nav`` on the listing's folder and everything in it."""
    for obj in [root, *(section for section in root.objectValues()),
                *(page for section in root.objectValues() for page in section.objectValues())]:
        if not getattr(obj, "exclude_from_nav", False):
            obj.exclude_from_nav = True
            obj.reindexObject(idxs=["exclude_from_nav"])


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
