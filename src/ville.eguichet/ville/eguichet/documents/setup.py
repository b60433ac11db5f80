"""Apply the e-guichet part of a municipality profile to a site.

Creates (or updates, when run again) the ``/e-guichet`` folder, one easyform
per document offered with the engine's request action, and a procedure page
per document when an add-on offers them (:class:`IProcedurePages`,
ville.policy's ``Procedure``).
"""

from plone import api
from plone.app.textfield.value import RichTextValue
from ville.eguichet import _
from ville.eguichet import formsecurity
from ville.eguichet import logger
from ville.eguichet.documents import texts
from ville.eguichet.documents.config import IDocumentForm
from ville.eguichet.documents.config import set_form_config
from ville.eguichet.documents.config import set_site_config
from ville.eguichet.documents.forms import fields_model
from ville.eguichet.documents.integration import install_request_action
from ville.eguichet.documents.integration import set_payment_settings
from ville.eguichet.documents.integration import set_retention_settings
from ville.eguichet.documents.interfaces import IProcedurePages
from ville.eguichet.documents.rules import CRIMINAL_RECORD
from ville.eguichet.documents.rules import FORM_IDS
from zope.component import queryUtility
from zope.i18n import translate
from zope.interface import alsoProvides


FOLDER_ID = "e-guichet"
PROCEDURES_FOLDER_ID = "demarches"
# Ids a site may already use for these procedures' pages.
ALIASES = {"criminal_record": ("extrait-casier-judiciaire",)}
SERVICE_ID = "etat-civil-population"


def language():
    try:
        return api.portal.get_registry_record("plone.default_language") or "fr"
    except Exception:
        return "fr"


def tr(message):
    return translate(message, target_language=language())


def _publish(obj):
    try:
        if api.content.get_state(obj=obj, default=None) not in (None, "published"):
            api.content.transition(obj=obj, to_state="published")
    except (api.exc.InvalidParameterError, Exception) as error:  # no such path
        logger.info("could not publish %s: %s", obj.absolute_url_path(), error)


def ensure_folder(portal):
    folder = portal.get(FOLDER_ID)
    if folder is None:
        folder = api.content.create(
            container=portal,
            type="Folder",
            id=FOLDER_ID,
            title=tr(_("e_guichet_title", default="E-guichet")),
            description=tr(
                _(
                    "e_guichet_description",
                    default="Order your civil-status and population documents "
                    "online, 24 hours a day.",
                )
            ),
        )
    # Only the e-guichet managers change the forms (formsecurity).
    formsecurity.protect(folder)
    _publish(folder)
    return folder


def ensure_form(folder, kind, config, data):
    form_id = FORM_IDS[kind]
    values = {
        "title": config["title"],
        "description": config.get("description") or tr(texts.FORM_DESCRIPTIONS[kind]),
    }
    form = folder.get(form_id)
    if form is None:
        form = api.content.create(
            container=folder, type="EasyForm", id=form_id, **values
        )
    else:
        for key, value in values.items():
            setattr(form, key, value)
    form.fields_model = fields_model(kind, config, tr)
    # Documents are never attached to e-mails: forbidden by law for the
    # casier, and the citizen space is the safer channel for the others.
    install_request_action(
        form,
        agent_email=data.get("agents_email", ""),
        attach_documents=False,
        no_attachments=kind == CRIMINAL_RECORD,
        identity=config.get("identity", "password"),
    )
    form.formPrologue = RichTextValue(
        texts.form_prologue(kind, config, data, tr),
        "text/html",
        "text/x-html-safe",
    )
    form.submitLabel = tr(_("label_send_request", default="Send my request"))
    form.showAll = False
    form.showFields = []
    form.includeEmpties = False
    set_form_config(form, config)
    alsoProvides(form, IDocumentForm)
    formsecurity.protect(form)
    formsecurity.check_and_record(form)
    form.reindexObject()
    _publish(form)
    return form


def _relation(obj):
    from z3c.relationfield import RelationValue
    from zope.component import getUtility
    from zope.intid.interfaces import IIntIds

    intids = getUtility(IIntIds)
    try:
        return RelationValue(intids.getId(obj))
    except KeyError:
        return RelationValue(intids.register(obj))


def procedure_pages():
    """The site's :class:`IProcedurePages`, or None when no add-on offers
    them on this site: the forms are then created without pages."""
    pages = queryUtility(IProcedurePages)
    if pages is None or not pages.available():
        return None
    return pages


def find_procedure(pages, kind, title):
    """A procedure page the site already has for this document (the policy
    profile may create one under /demarches): same id or same title."""
    return pages.find({FORM_IDS[kind], f"{FORM_IDS[kind]}-demarche",
                       *ALIASES.get(kind, ())}, title)


def procedure_container(portal, folder):
    """New Procedure pages go with the other procedures when there is a
    /demarches folder, else next to the forms."""
    demarches = portal.get(PROCEDURES_FOLDER_ID)
    return demarches if demarches is not None else folder


def ensure_procedure(pages, portal, folder, kind, config, data, form, service):
    """Create, or complete, the Procedure page of one document.

    An existing page keeps what an editor wrote (who, documents, delay);
    the cost comes from the profile's fees, and the page says that the
    desk still delivers the same documents and links the online form.
    """
    fields = texts.procedure_fields(kind, config, data, tr)
    title, category = fields.pop("title"), fields.pop("category")
    page = find_procedure(pages, kind, title)
    if page is None:
        container = procedure_container(portal, folder)
        page_id = FORM_IDS[kind]
        if container is folder:  # the form already has that id there
            page_id = f"{page_id}-demarche"
        page = pages.create(container, page_id, title, category)
    description = fields.pop("description")
    desk_sentence = fields.pop("desk_sentence")
    current = page.description or ""
    if not current:
        page.description = description
    elif desk_sentence not in current:
        page.description = f"{current} {desk_sentence}"
    page.cost = fields.pop("cost")
    for key, value in fields.items():
        if not getattr(page, key, None):
            setattr(page, key, value)
    if not getattr(page, "category", None):
        page.category = category
    page.online_form = _relation(form)
    if service is not None and getattr(page, "service", None) is None:
        page.service = _relation(service)
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    notify(ObjectModifiedEvent(page))  # reindexes, updates the relation catalog
    _publish(page)
    return page


def apply_profile(portal, data):
    """Create or update the e-guichet of the profile ``data``.

    A setup step: it runs with the Manager role whoever calls it.
    """
    from Products.CMFCore.indexing import processQueue

    with api.env.adopt_roles(["Manager"]):
        _apply_profile(portal, data)
        # Index now, while the site is set: a commit made later without a
        # site (test fixtures, scripts) could not process the queue.
        processQueue()


def _apply_profile(portal, data):
    pages = procedure_pages()
    service = pages.desk(SERVICE_ID) if pages is not None else None
    hours = getattr(service, "opening_hours", None)
    if hours:  # the desk's own page is the reference for its hours
        desk = dict(data["desk"], opening_hours=dict(hours))
        data = dict(data, desk=desk)
    set_site_config(
        portal,
        {
            "desk": data["desk"],
            "payment": data["payment"],
            "retention": data["retention"],
        },
    )
    set_payment_settings(data["payment"])
    set_retention_settings(data["retention"])
    folder = ensure_folder(portal)
    for kind, config in data["procedures"].items():
        form = ensure_form(folder, kind, config, data)
        if pages is not None:
            ensure_procedure(pages, portal, folder, kind, config, data, form, service)
