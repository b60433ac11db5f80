"""REST queries that a client got wrong answer 400 (Bad Request) with what
to correct, not a server error (500).

- ``b_start``, ``b_size`` and ``sort_limit`` must be whole numbers, 0 or
  more, in the query string of every REST call (every batched endpoint
  reads them: ``@search``, a folder's content, ``@querystring-search``...),
  and with ``limit`` in the body of ``@querystring-search``:
  plone.batching asserted on a negative size, the catalog's query parser
  failed on a start that was not a number. Checked after traversal
  (:func:`check_parameters`), before any endpoint runs.
- ``@querystring-search``'s ``query`` must be a list of criteria.
- A search whose criterion has a value of the wrong type (a date that is
  none, a path depth that is no number: plone.restapi's
  ``QueryParsingError``) or no word to search for (ZCTextIndex's
  ``ParseError``, ``QueryError``): :func:`client_error` gives the 400 that
  the error view renders instead (``browser/errors.py``). Its message does
  not repeat the parser's, which shows the index object's internals.
"""

from plone.rest.interfaces import IAPIRequest
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.exceptions import QueryParsingError
from Products.ZCTextIndex.ParseTree import ParseError
from Products.ZCTextIndex.ParseTree import QueryError
from ville.policy import _
from ville.policy.interfaces import IBrowserLayer
from zExceptions import BadRequest
from zope.i18n import translate


NUMBERS = ("b_start", "b_size", "sort_limit")
BODY_NUMBERS = (*NUMBERS, "limit")
QUERYSTRING_SEARCH = "@querystring-search"


def _whole_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0
    return isinstance(value, str) and value.isascii() and value.isdigit()


def _refuse(request, message):
    raise BadRequest(translate(message, context=request))


def _check_numbers(request, values, names=NUMBERS):
    for name in names:
        if name in values and not _whole_number(values[name]):
            _refuse(request, _("${name} must be a whole number, 0 or more. Correct it and "
                               "try again.", mapping={"name": name}))


def check_parameters(event):
    """IPubAfterTraversal, REST calls of a site with ville.policy."""
    request = event.request
    if not IAPIRequest.providedBy(request) or not IBrowserLayer.providedBy(request):
        return
    _check_numbers(request, request.form)
    if request.get("REQUEST_METHOD") == "POST" and (
        request.get("PATH_INFO", "").rstrip("/").endswith(QUERYSTRING_SEARCH)
    ):
        try:
            data = json_body(request)
        except DeserializationError:
            return  # the endpoint says so itself
        if not isinstance(data, dict):
            return
        _check_numbers(request, data, BODY_NUMBERS)
        if "query" in data and not isinstance(data["query"], list):
            _refuse(request, _("The query must be a list of criteria (index, operation, "
                               "value). Correct it and try again."))


CLIENT_ERRORS = (QueryParsingError, ParseError, QueryError)


def client_error(exception, request):
    """The 400 to render instead of ``exception`` when it is the client's
    error in a REST call; None otherwise."""
    if not isinstance(exception, CLIENT_ERRORS):
        return None
    return BadRequest(translate(_(
        "This search cannot be read: one of its criteria has a value of the wrong "
        "type, or no word to search for. Correct it and try again."), context=request))
