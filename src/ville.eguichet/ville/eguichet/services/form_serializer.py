"""A form's own URL through plone.restapi.

easyform's serializer answers 500 to visitors (it passes a permission id
where ``plone.api`` wants a title) and would serve the whole form, routing
included (the actions model with the agents' group and address, the mail
templates). Ours, more specific (our browser layer), answers:

- to whoever may modify the form (e-guichet managers, site managers): the
  full content, models included, as they need to edit it through REST, and
  the saved data when they may download it;
- to everybody else: the public description and the fields a citizen fills
  in (``fields``, and a JSON schema of them in ``schema``), whether one must
  log in (``login_required``), never the
  models, the TALES overrides or the request action's settings.
"""

from AccessControl import getSecurityManager
from AccessControl import Unauthorized
from collective.easyform.config import DOWNLOAD_SAVED_PERMISSION
from collective.easyform.interfaces import IEasyForm
from collective.easyform.interfaces import ILabel
from collective.easyform.serializer import DeserializeFromJson
from collective.easyform.serializer import SerializeToJson
from plone.restapi.deserializer import json_body
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.types.interfaces import IJsonSchemaProvider
from ville.eguichet.formaction import find_action
from ville.eguichet.interfaces import IBrowserLayer
from ville.eguichet.validation import form_fields
from zope.component import adapter
from zope.component import queryMultiAdapter
from zope.component import queryUtility
from zope.i18n import translate
from zope.interface import implementer
from zope.schema import getFields
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection
from zope.security.interfaces import IPermission


# The form's own settings a visitor may read (the rest is configuration).
PUBLIC_FORM_FIELDS = (
    "title",
    "description",
    "formPrologue",
    "formEpilogue",
    "submitLabel",
    "useCancelButton",
    "resetLabel",
)


def _has(permission_id, obj):
    permission = queryUtility(IPermission, name=permission_id)
    title = permission.title if permission is not None else permission_id
    return bool(getSecurityManager().checkPermission(title, obj))


def _choices(field, form, request):
    target = field
    value_type = getattr(field, "value_type", None)
    if ICollection.providedBy(field) and IChoice.providedBy(value_type):
        target = value_type
    if not IChoice.providedBy(target):
        return None
    vocabulary = target.bind(form).vocabulary
    try:
        terms = list(vocabulary)
    except TypeError:  # a source that cannot be listed
        return None
    return [
        {
            "value": json_compatible(term.value),
            "token": term.token,
            "title": translate(term.title, context=request) if term.title else term.token,
        }
        for term in terms
    ]


def public_fields(form, request):
    """The fields a citizen fills in: id, title, description, type,
    required, choices (value, token, title) for choice fields."""
    result = []
    for name, field in form_fields(form):
        if ILabel.providedBy(field):
            continue
        result.append({
            "id": name,
            "title": translate(field.title, context=request),
            "description": translate(field.description or "", context=request),
            "type": type(field).__name__,
            "required": bool(field.required),
            "choices": _choices(field, form, request),
        })
    return result


def json_schema(form, request):
    """A JSON schema of the citizen's fields (plone.restapi's providers)."""
    properties, required = {}, []
    for name, field in form_fields(form):
        if ILabel.providedBy(field):
            continue
        provider = queryMultiAdapter((field, form, request), IJsonSchemaProvider)
        if provider is None:
            continue
        properties[name] = provider.get_schema()
        if field.required:
            required.append(name)
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "fieldsets": [{"id": "default", "title": "Default", "fields": list(properties)}],
    }


@implementer(ISerializeToJson)
@adapter(IEasyForm, IBrowserLayer)
class SerializeFormToJson(SerializeToJson):
    def __call__(self, version=None, include_items=True, include_expansion=True):
        form = self.context
        result = super(SerializeToJson, self).__call__(
            version=version, include_items=include_items,
            include_expansion=include_expansion,
        )
        if not _has("cmf.ModifyPortalContent", form):
            # The form's own schema is its configuration; its behaviours
            # (Dublin Core...) are public metadata like any page's.
            for name in set(getFields(IEasyForm)) - set(PUBLIC_FORM_FIELDS):
                result.pop(name, None)
        elif _has(DOWNLOAD_SAVED_PERMISSION, form):
            self.serializeSavedData(result)
        action = find_action(form)
        # What a front end needs to know of the routing: must one log in?
        result["login_required"] = None if action is None else not action.allow_anonymous
        result["fields"] = public_fields(form, self.request)
        result["schema"] = json_schema(form, self.request)
        return result


@implementer(IDeserializeFromJson)
@adapter(IEasyForm, IBrowserLayer)
class DeserializeFormFromJson(DeserializeFromJson):
    """easyform's, but saved data is written only by who may download it."""

    def __call__(self, validate_all=False, data=None, create=False):
        if data is None:
            data = json_body(self.request)
        if "savedDataStorage" in data and not _has(DOWNLOAD_SAVED_PERMISSION, self.context):
            raise Unauthorized("savedDataStorage")
        return super().__call__(validate_all=validate_all, data=data, create=create)
