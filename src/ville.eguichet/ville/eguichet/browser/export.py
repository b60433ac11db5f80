"""``@@eguichet-export``: the dashboard's filtered rows, every one of them,
as CSV or XLSX.

Read from the catalog's row metadata (:mod:`ville.eguichet.figures`), not
from the requests, in the dashboard's order; written to a temporary file
while the request runs and returned as a file stream: under WSGI a
``response.write`` is buffered until the end, and a stream iterator runs
after the ZODB connection is closed. The connection's cache is swept every
``SWEEP`` rows, so that a city's 100,000 rows keep the memory bounded.
"""

from plone import api
from Products.Five.browser import BrowserView
from ville.eguichet import _
from ville.eguichet import dates
from ville.eguichet import engine
from ville.eguichet import figures
from ville.eguichet.browser import common
from ville.eguichet.browser import payment as payment_views
from ville.eguichet.browser.dashboard import criteria
from ville.eguichet.documents.fees import format_amount
from ville.eguichet.privacy import masked_values
from ville.eguichet.query import search_requests
from zope.i18n import translate
from ZPublisher.Iterators import filestream_iterator

import csv
import os
import re
import tempfile


SWEEP = 2000
_FORMULA = re.compile(r"^(=|@|\t|\r|[+-](?![\d\s.,]*$))")


def safe_cell(value):
    """Text a spreadsheet will not run as a formula (CSV/XLSX injection:
    citizens type these values)."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def records(brains):
    """``(review_state, row)`` of each brain, from the catalog's records
    (no brain kept, the cache swept every ``SWEEP``)."""
    catalog = api.portal.get_tool("portal_catalog")
    data = catalog._catalog.data
    schema = catalog._catalog.schema
    state_at, row_at = schema["review_state"], schema[figures.ROW_COLUMN]
    jar = catalog._p_jar
    for number, rid in enumerate(figures.result_rids(brains), 1):
        record = data.get(rid)
        if record is not None:
            row = record[row_at]
            if not isinstance(row, dict):  # not reindexed since issue 21
                row = figures.row_of(catalog.getobject(rid))
            yield record[state_at], row
        if number % SWEEP == 0 and jar is not None:
            jar.cacheMinimize()


class _Procedures:
    """Form and fields of each procedure, looked up once per export."""

    def __init__(self):
        self.forms = {}

    def get(self, uid):
        if uid not in self.forms:
            from ville.eguichet.validation import form_fields

            from ville.eguichet.privacy import validated_as_national_number

            form = engine.procedure_by_uid(uid)
            try:
                fields = dict(form_fields(form)) if form is not None else {}
            except Exception:
                fields = {}
            sensitive = validated_as_national_number(form) if form is not None else set()
            self.forms[uid] = (form, fields, sensitive)
        return self.forms[uid]


def header_and_rows(brains, http_request):
    """The header and an iterator of the rows (national numbers masked):
    two passes over the records, the first for the answers' columns."""
    procedures = _Procedures()
    keys, labels = [], {}
    seen = set()
    for _state, row in records(brains):
        for key in row["values"]:
            if key not in labels:
                keys.append(key)
                labels[key] = key
        uid = row["procedure_uid"]
        if uid not in seen:
            seen.add(uid)
            for key, field in procedures.get(uid)[1].items():
                labels[key] = translate(field.title, context=http_request)
    t = lambda msg: translate(msg, context=http_request)  # noqa: E731
    header = [t(_("Reference")), t(_("Procedure")), t(_("Submitted on")), t(_("State")),
              t(_("Requester")), t(_("E-mail")), t(_("Fee")), t(_("Paid")),
              t(_("Structured communication")), t(_("Identity level")),
              t(_("Payment method"))]
    header += [str(labels[k]) for k in keys]
    yes, no = t(_("yes")), t(_("no"))
    titles = {}

    def rows():
        for state, row in records(brains):
            if state not in titles:
                titles[state] = common.state_title(state, http_request, agent=True)
            form, fields, sensitive = procedures.get(row["procedure_uid"])
            values = row["values"]
            # Fields the form validates as national numbers since then.
            later = sensitive.difference(row.get("masked", ()))
            if later:
                values = masked_values(values, later)
            fee = row["fee"]
            line = [
                row["reference"], row["procedure_title"], common.format_date(row["submitted"]),
                titles[state], row["requester_name"], row["requester_email"],
                "" if fee is None else format_amount(fee, symbol=False),
                yes if row["paid"] else no, row["structured_communication"],
                row["identity_level"],
                payment_views.method_title(figures.payment_of(row), http_request),
            ] + [common.display(values.get(k), fields.get(k), form) for k in keys]
            yield [safe_cell(cell) for cell in line]

    return header, rows()


def export_rows(brains, http_request):
    """Header and rows (a list) of an export."""
    header, rows = header_and_rows(brains, http_request)
    return header, list(rows)


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL,
                            lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(path, header, rows):
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # rows go to disk as they come
    sheet = book.create_sheet("Demandes")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)


class ExportView(BrowserView):
    """The dashboard's filtered rows (all of them, not one page)."""

    def __call__(self):
        brains = search_requests(**criteria(self.request.form))
        header, rows = header_and_rows(brains, self.request)
        stamp = dates.format_datetime(engine.now(), "%Y%m%d-%H%M")
        xlsx = self.request.form.get("format") == "xlsx"
        suffix = ".xlsx" if xlsx else ".csv"
        handle, path = tempfile.mkstemp(prefix="eguichet-export-", suffix=suffix)
        os.close(handle)
        try:
            (write_xlsx if xlsx else write_csv)(path, header, rows)
            stream = filestream_iterator(path, "rb")
        finally:
            os.unlink(path)  # the open stream keeps the data until it is read
        response = self.request.response
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader("Content-Type", (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if xlsx
            else "text/csv; charset=utf-8"))
        response.setHeader("Content-Disposition",
                           f'attachment; filename="demandes-{stamp}{suffix}"')
        response.setHeader("Content-Length", str(len(stream)))
        return stream
