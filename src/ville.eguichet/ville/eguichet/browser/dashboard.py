"""The agents' back office on the store: filters, counts, paging, exports."""

from io import BytesIO
from plone import api
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from ville.eguichet import _
from ville.eguichet import dates
from ville.eguichet import engine
from ville.eguichet.browser import common
from ville.eguichet.browser import payment as payment_views
from ville.eguichet.browser.paths import hide_public_columns
from ville.eguichet.content import answered_by_citizen
from ville.eguichet.documents.fees import format_amount
from ville.eguichet.formaction import find_action
from ville.eguichet.identity import LEVEL_TITLES
from ville.eguichet.identity import LEVELS
from ville.eguichet.identity import level_of
from ville.eguichet.privacy import masked_values
from ville.eguichet.query import search_requests
from zope.i18n import translate

import csv
import io
import re


FILTERS = ("procedure", "review_state", "q", "date_from", "date_to", "paid", "identity_level",
           "answered", "payment_method", "sort_on", "sort_order")


def criteria(form) -> dict:
    return {
        "procedure": form.get("procedure") or None,
        "review_state": form.get("review_state") or None,
        "text": form.get("q") or None,
        "date_from": form.get("date_from") or None,
        "date_to": form.get("date_to") or None,
        "paid": form.get("paid") or None,
        "identity_level": form.get("identity_level") or None,
        "answered": form.get("answered") or None,
        "payment_method": form.get("payment_method") or None,
        "sort_on": form.get("sort_on") or "created",
        "sort_order": form.get("sort_order") or "descending",
    }


def procedures():
    """(uid, title) of the forms with the action whose requests the current
    user may process: all of them for an agent of every procedure (or a
    manager), else those of the user's agent groups."""
    everything = engine.is_agent(api.portal.get())
    groups = set() if everything else set(api.user.get_current().getGroups())
    catalog = api.portal.get_tool("portal_catalog")
    result = []
    for brain in catalog.unrestrictedSearchResults(portal_type="EasyForm", sort_on="sortable_title"):
        try:
            form = brain._unrestrictedGetObject()
        except Exception:
            continue
        action = find_action(form)
        if action is None:
            continue
        if everything or (action.agent_group or "").strip() in groups:
            result.append((brain.UID, brain.Title))
    return result


class DashboardView(BrowserView):
    b_size = 50

    def __call__(self):
        hide_public_columns(self.request)
        return self.index()

    def query_string(self, **changes):
        params = {k: self.request.form.get(k) for k in FILTERS if self.request.form.get(k)}
        params.update({k: v for k, v in changes.items()})
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})

    def batch(self):
        try:
            start = max(0, int(self.request.form.get("b_start", 0)))
        except ValueError:
            start = 0
        # Sort only what this page shows: 100,000 requests stay fast.
        brains = search_requests(
            sort_limit=start + self.b_size, **criteria(self.request.form)
        )
        total = getattr(brains, "actual_result_count", None) or len(brains)
        rows = []
        for brain in brains[start:start + self.b_size]:
            request = brain.getObject()
            state = brain.review_state
            rows.append({
                "url": request.absolute_url(),
                "reference": request.reference,
                "procedure": request.procedure_title,
                "requester": request.requester_name,
                "submitted": common.format_date(request.submitted),
                "state": common.state_title(state, self.request, agent=True),
                "state_class": common.STATE_CLASSES.get(state, "secondary"),
                "answered": answered_by_citizen(request),
                "fee": "" if request.fee is None else format_amount(request.fee),
                "paid": request.paid,
                "payment": payment_views.method_title(request, self.request),
            })
        base = f"{self.context.absolute_url()}/@@eguichet-dashboard?"
        previous = base + self.query_string(b_start=max(0, start - self.b_size)) if start else None
        following = base + self.query_string(b_start=start + self.b_size) if start + self.b_size < total else None
        return {"rows": rows, "total": total, "start": start + 1 if total else 0,
                "end": min(total, start + self.b_size), "previous": previous, "next": following}

    def counts(self):
        filters = criteria(self.request.form)
        filters.pop("review_state")
        filters["sort_on"] = None  # counting needs no sorting
        base = f"{self.context.absolute_url()}/@@eguichet-dashboard?"
        return [
            {"id": state, "title": common.state_title(state, self.request, agent=True),
             "count": len(search_requests(review_state=[state], **filters)),
             "url": base + self.query_string(review_state=state, b_start=None),
             "class": common.STATE_CLASSES[state]}
            for state in engine.STATES
        ]

    def answered_count(self):
        """Requests the citizen answered and no agent handled since."""
        filters = criteria(self.request.form)
        filters.update(answered="1", sort_on=None)
        base = f"{self.context.absolute_url()}/@@eguichet-dashboard?"
        return {"count": len(search_requests(**filters)),
                "url": base + self.query_string(answered="1", b_start=None)}

    def procedures(self):
        return procedures()

    def identity_levels(self):
        return [
            {"id": level, "title": translate(LEVEL_TITLES[level], context=self.request)}
            for level in LEVELS
        ]

    def payment_filter(self):
        return payment_views.method_filter(self.request)

    def states(self):
        return [(s, common.state_title(s, self.request, agent=True)) for s in engine.STATES]

    def export_url(self, kind):
        return f"{self.context.absolute_url()}/@@eguichet-export?{self.query_string(format=kind)}"

    def sort_url(self, key):
        current = self.request.form.get("sort_on", "created")
        order = self.request.form.get("sort_order", "descending")
        new_order = "ascending" if current == key and order == "descending" else "descending"
        return (f"{self.context.absolute_url()}/@@eguichet-dashboard?"
                f"{self.query_string(sort_on=key, sort_order=new_order, b_start=None)}")


_FORMULA = re.compile(r"^(=|@|\t|\r|[+-](?![\d\s.,]*$))")


def safe_cell(value):
    """Text a spreadsheet will not run as a formula (CSV/XLSX injection:
    citizens type these values)."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def export_rows(brains, http_request):
    """Header and rows of an export; national numbers masked."""
    requests = [brain.getObject() for brain in brains]
    labels = {}
    keys = []
    for request in requests:
        for key in request.values:
            if key not in keys:
                keys.append(key)
                labels.setdefault(key, key)
        for key, label in common.labels_for(request).items():
            labels[key] = translate(label, context=http_request)
    t = lambda msg: translate(msg, context=http_request)  # noqa: E731
    header = [t(_("Reference")), t(_("Procedure")), t(_("Submitted on")), t(_("State")),
              t(_("Requester")), t(_("E-mail")), t(_("Fee")), t(_("Paid")),
              t(_("Structured communication")), t(_("Identity level")),
              t(_("Payment method"))] + [str(labels[k]) for k in keys]
    rows = []
    forms = {}
    for request in requests:
        if request.procedure_uid not in forms:
            forms[request.procedure_uid] = common.fields_for(request)
        form, fields = forms[request.procedure_uid]
        values = masked_values(request.values, request=request)
        rows.append([
            request.reference,
            request.procedure_title,
            common.format_date(request.submitted),
            common.state_title(api.content.get_state(request), http_request, agent=True),
            request.requester_name,
            request.requester_email,
            "" if request.fee is None else format_amount(request.fee, symbol=False),
            t(_("yes")) if request.paid else t(_("no")),
            request.structured_communication or "",
            level_of(request),
            payment_views.method_title(request, http_request),
        ] + [common.display(values.get(k), fields.get(k), form) for k in keys])
    return header, [[safe_cell(cell) for cell in row] for row in rows]


class ExportView(BrowserView):
    """The dashboard's filtered rows (all of them, not one page)."""

    def __call__(self):
        header, rows = export_rows(search_requests(**criteria(self.request.form)), self.request)
        stamp = dates.format_datetime(engine.now(), "%Y%m%d-%H%M")
        response = self.request.response
        response.setHeader("Cache-Control", "private, no-store")
        if self.request.form.get("format") == "xlsx":
            from openpyxl import Workbook

            book = Workbook()
            sheet = book.active
            sheet.title = "Demandes"
            sheet.append(header)
            for row in rows:
                sheet.append(row)
            out = BytesIO()
            book.save(out)
            response.setHeader(
                "Content-Type",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response.setHeader("Content-Disposition", f'attachment; filename="demandes-{stamp}.xlsx"')
            return out.getvalue()
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader("Content-Disposition", f'attachment; filename="demandes-{stamp}.csv"')
        return ("\ufeff" + text.getvalue()).encode("utf-8")
