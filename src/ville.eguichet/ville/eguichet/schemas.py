"""A form's field schema, parsed once per form model and server thread.

collective.easyform's ``get_schema`` parses the form's XML model at each
call (about 12 ms for a document form); one submission asked for it four
times (the fields, the engine's sensitive fields, the receipt's masking),
and every submission of the same form parsed the same text again.

The parsed schema is kept per server thread, keyed by the form's path and
its model's text (a changed model is parsed again), and handed out with
easyform's context tagged value set to the form of the current call: the
form is an object of the caller's ZODB connection, which belongs to this
thread for the request's duration, so a schema is never shared between
threads. The schema is read, never changed: easyform's editors parse
their own copy (``get_schema``).
"""

from Acquisition import aq_base
from collections import OrderedDict
from collective.easyform.api import CONTEXT_KEY
from collective.easyform.api import get_schema

import threading


SIZE = 32  # schemas kept per thread (the town's forms, most used first)
_local = threading.local()


def form_schema(form):
    """``get_schema(form)``, parsed once per form model and thread."""
    model = getattr(aq_base(form), "fields_model", None)
    if not model:  # easyform's default model: not cached
        return get_schema(form)
    cache = getattr(_local, "schemas", None)
    if cache is None:
        cache = _local.schemas = OrderedDict()
    key = (form.getPhysicalPath(), model)
    schema = cache.get(key)
    if schema is None:
        schema = cache[key] = get_schema(form)
        while len(cache) > SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
        schema.setTaggedValue(CONTEXT_KEY, form)
    return schema
