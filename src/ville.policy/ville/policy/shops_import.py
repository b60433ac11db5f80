"""Import shops from a semicolon-separated CSV file (municipal spreadsheets).

The first line names the columns, in French or with the field ids:

    nom;categorie;rue;code_postal;localite;telephone;email;site_web;facebook;horaires;description;latitude;longitude

Only ``nom`` and ``categorie`` are required columns; the others may be left
out of the header. Every row is checked before anything is written; a row
with an error is reported and skipped, never half-imported (each row is
written inside its own savepoint). A shop whose name already exists in the
folder is updated instead of duplicated. Used by the ``@@import-shops`` view
and by ``make import-shops FILE=...``.
"""

from dataclasses import dataclass
from dataclasses import field
from plone import api
from plone.i18n.normalizer import idnormalizer
from ville.policy import _
from ville.policy.content.fields import EMAIL
from ville.policy.content.fields import normalize_phone
from ville.policy.vocabularies import shop_categories

import csv
import io
import transaction
import unicodedata


# column header -> field id
COLUMNS = {
    "nom": "title", "title": "title", "name": "title",
    "categorie": "category", "category": "category",
    "rue": "street", "adresse": "street", "street": "street",
    "code_postal": "postal_code", "cp": "postal_code", "postal_code": "postal_code",
    "localite": "city", "ville": "city", "commune": "city", "city": "city",
    "telephone": "phone", "tel": "phone", "phone": "phone",
    "email": "email", "courriel": "email", "e-mail": "email",
    "site_web": "website", "site": "website", "website": "website",
    "facebook": "facebook",
    "horaires": "opening_hours", "opening_hours": "opening_hours",
    "description": "description",
    "latitude": "latitude", "longitude": "longitude",
}
REQUIRED = ("title", "category")


@dataclass
class RowReport:
    line: int
    title: str = ""
    status: str = "error"  # created, updated, checked, error
    errors: list = field(default_factory=list)
    url: str = ""


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)
    error: object = None  # a file-level error (message)

    @property
    def created(self):
        return sum(1 for row in self.rows if row.status == "created")

    @property
    def updated(self):
        return sum(1 for row in self.rows if row.status == "updated")

    @property
    def failed(self):
        return sum(1 for row in self.rows if row.status == "error")


def _key(text):
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _category(value, categories):
    wanted = _key(value)
    for token, label in categories:
        if wanted in (_key(token), _key(label)):
            return token
    return None


def _number(value, low, high):
    number = float(value.replace(",", "."))
    if not low <= number <= high:
        raise ValueError(value)
    return number


def check_row(values: dict, categories) -> tuple[dict, list]:
    """Validate one row's values; return (field values, error messages)."""
    errors, data = [], {}
    title = values.get("title", "").strip()
    if not title:
        errors.append(_("the name is missing"))
    data["title"] = title
    raw_category = values.get("category", "").strip()
    token = _category(raw_category, categories) if raw_category else None
    if not raw_category:
        errors.append(_("the category is missing"))
    elif token is None:
        errors.append(
            _(
                "unknown category \u00ab ${category} \u00bb (known: ${known})",
                mapping={
                    "category": raw_category,
                    "known": ", ".join(label for _, label in categories),
                },
            )
        )
    data["category"] = token
    for name in ("street", "postal_code", "city", "opening_hours", "description"):
        data[name] = values.get(name, "").strip()
    phone = values.get("phone", "").strip()
    if phone:
        try:
            data["phone"] = normalize_phone(phone)
        except ValueError:
            errors.append(
                _("invalid phone number \u00ab ${phone} \u00bb", mapping={"phone": phone})
            )
    email = values.get("email", "").strip()
    if email and not EMAIL.match(email):
        errors.append(
            _("invalid e-mail address \u00ab ${email} \u00bb", mapping={"email": email})
        )
    data["email"] = email
    for name in ("website", "facebook"):
        url = values.get(name, "").strip()
        if url and not url.startswith(("http://", "https://")):
            if "." in url and " " not in url:
                url = "https://" + url
            else:
                errors.append(
                    _("invalid web address \u00ab ${url} \u00bb", mapping={"url": url})
                )
        data[name] = url
    for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        raw = values.get(name, "").strip()
        data[name] = None
        if raw:
            try:
                data[name] = _number(raw, low, high)
            except ValueError:
                errors.append(
                    _("invalid ${name} \u00ab ${value} \u00bb",
                      mapping={"name": name, "value": raw})
                )
    return data, errors


def parse(text: str, categories):
    """Yield (line number, RowReport, field values) for each data row.

    Raises ValueError (a translatable message) when the header is unusable.
    """
    reader = csv.reader(io.StringIO(text), delimiter=";")
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError(_("The file is empty.")) from None
    columns = []
    for name in header:
        key = _key(name).replace(" ", "_")
        if key and key not in COLUMNS:
            raise ValueError(
                _("Unknown column \u00ab ${column} \u00bb in the first line.",
                  mapping={"column": name.strip()})
            )
        columns.append(COLUMNS.get(key))
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ValueError(
            _("The first line must name the columns, at least nom and categorie.")
        )
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        report = RowReport(line=line)
        if len(row) != len(columns):
            report.errors.append(
                _(
                    "${found} columns instead of ${expected}",
                    mapping={"found": len(row), "expected": len(columns)},
                )
            )
            report.title = row[columns.index("title")].strip() if len(row) > columns.index("title") else ""
            yield report, None
            continue
        values = {column: cell for column, cell in zip(columns, row) if column}
        data, errors = check_row(values, categories)
        report.title = data["title"]
        report.errors.extend(errors)
        yield report, (None if errors else data)


def _find_existing(folder, title):
    wanted = _key(title)
    for obj in folder.objectValues():
        if getattr(obj, "portal_type", None) == "Shop" and _key(obj.Title()) == wanted:
            return obj
    return None


def import_shops(folder, data: bytes, publish=False, dry_run=False) -> ImportReport:
    """Import the CSV ``data`` into ``folder``; return the per-row report.

    ``dry_run`` checks every row and writes nothing; ``publish`` publishes
    the new shops (the caller must be allowed to). The caller commits.
    """
    report = ImportReport()
    categories = shop_categories()
    try:
        rows = list(parse(decode(data), categories))
    except ValueError as error:
        report.error = error.args[0]
        return report
    except csv.Error as error:
        report.error = _("The file is not a valid CSV file: ${error}",
                         mapping={"error": str(error)})
        return report
    for row, values in rows:
        report.rows.append(row)
        if values is None:
            continue
        if dry_run:
            row.status = "checked"
            continue
        savepoint = transaction.savepoint()
        try:
            shop = _find_existing(folder, values["title"])
            created = shop is None
            if created:
                shop = api.content.create(
                    container=folder, type="Shop", title=values["title"],
                    id=idnormalizer.normalize(values["title"]), safe_id=True,
                    category=values["category"],
                )
            for name, value in values.items():
                if name == "description":
                    shop.description = value
                elif name != "title":
                    setattr(shop, name, value or None)
            if publish and created:
                api.content.transition(obj=shop, to_state="published")
            shop.reindexObject()
        except Exception as error:  # roll the row back, report it, go on
            savepoint.rollback()
            row.status = "error"
            row.errors.append(
                _("could not be saved: ${error}", mapping={"error": str(error)})
            )
            continue
        row.status = "created" if created else "updated"
        row.url = shop.absolute_url()
    return report
