"""The town's open datasets: where each lives, its feeds and how it is
described (one definition for the DCAT catalogue, the "Données ouvertes"
page and the links on the listings)."""

from dataclasses import dataclass
from plone import api
from ville.policy import _


EU = "http://publications.europa.eu/resource/authority"
IANA = "https://www.iana.org/assignments/media-types"


@dataclass(frozen=True)
class Distribution:
    view: str  # the feed's view name, a contract
    label: str  # the format as people name it
    media_type: str
    file_type: str | None  # EU file-type table (none there for iCalendar)

    @property
    def media_type_uri(self):
        return f"{IANA}/{self.media_type}"

    @property
    def file_type_uri(self):
        return f"{EU}/file-type/{self.file_type}" if self.file_type else None


ICS = ("iCalendar", "text/calendar", None)
GEOJSON = ("GeoJSON", "application/geo+json", "GEOJSON")
CSV = ("CSV", "text/csv", "CSV")


def _dist(view, fmt):
    return Distribution(view, *fmt)


@dataclass(frozen=True)
class Dataset:
    id: str
    path: str  # from the site root; "" is the site itself
    listing: str  # the view of the listing page the feeds belong to
    title: str
    description: str
    keywords: tuple
    theme: str  # EU data-theme
    frequency: str  # EU frequency
    distributions: tuple


DATASETS = (
    Dataset(
        id="agenda",
        path="",
        listing="event_listing",
        title=_("Events"),
        description=_(
            "The events of the municipality's agenda, ongoing and upcoming "
            "(and those of the last 30 days), with their recurrence, place "
            "and times in the town's time zone. Each section of the site "
            "offers the same feed of its own events (<section>/@@events.ics)."
        ),
        keywords=("agenda", "événements"),
        theme="EDUC",
        frequency="UPDATE_CONT",
        distributions=(_dist("@@events.ics", ICS),),
    ),
    Dataset(
        id="travaux",
        path="travaux",
        listing="roadworks-listing",
        title=_("Roadworks"),
        description=_(
            "Ongoing and upcoming roadworks: place, village, dates, impact on "
            "traffic, detour and who carries them out. Filters: "
            "?status=ongoing|upcoming|finished (repeatable) and ?village=."
        ),
        keywords=("travaux", "chantiers", "mobilité"),
        theme="TRAN",
        frequency="UPDATE_CONT",
        distributions=(
            _dist("@@roadworks.geojson", GEOJSON),
            _dist("@@roadworks.ics", ICS),
        ),
    ),
    Dataset(
        id="annuaire-commercial",
        path="economie/annuaire-commercial",
        listing="shop-directory",
        title=_("Commercial directory"),
        description=_(
            "The shops and businesses of the directory, with what their "
            "public page shows: category, address, phone, e-mail, websites, "
            "opening hours and position."
        ),
        keywords=("commerces", "entreprises", "annuaire"),
        theme="ECON",
        frequency="UPDATE_CONT",
        distributions=(
            _dist("@@shops.csv", CSV),
            _dist("@@shops.geojson", GEOJSON),
        ),
    ),
    Dataset(
        id="cellules-commerciales",
        path="economie/cellules-commerciales",
        listing="premises-listing",
        title=_("Vacant commercial premises"),
        description=_(
            "Commercial premises available or under option: address, kind, "
            "surface, rent or price, availability, energy class and contact."
        ),
        keywords=("cellules commerciales", "immobilier commercial"),
        theme="ECON",
        frequency="UPDATE_CONT",
        distributions=(
            _dist("@@premises.csv", CSV),
            _dist("@@premises.geojson", GEOJSON),
        ),
    ),
)


def for_listing(view_name):
    """The dataset whose listing is the view ``view_name``, or None."""
    for dataset in DATASETS:
        if dataset.listing == view_name:
            return dataset
    return None


def published_datasets():
    """(dataset, folder) of the datasets whose folder the current user can
    see, in catalogue order."""
    portal = api.portal.get()
    found = []
    for dataset in DATASETS:
        folder = portal
        if dataset.path:
            try:
                folder = portal.restrictedTraverse(dataset.path)
            except Exception:  # missing, or not visible to this user
                continue
        found.append((dataset, folder))
    return found


def landing_url(dataset, folder):
    """The page a dataset describes: its listing (the agenda for the site's
    events when the site has one)."""
    if not dataset.path:
        agenda = folder.get(dataset.id)
        if agenda is not None:
            return agenda.absolute_url()
    return folder.absolute_url()


def licence():
    """(address, name) of the feeds' licence."""
    from ville.policy.opendata.interfaces import CC_BY_4_0

    url = api.portal.get_registry_record("ville.opendata.licence", default=None)
    title = api.portal.get_registry_record("ville.opendata.licence_title", default=None)
    return (url or CC_BY_4_0, title or ("CC BY 4.0" if not url else url))
