"""Vocabularies of ville.policy (named utilities ``ville.policy.*``).

Fixed vocabularies keep English tokens (the REST contract) and French titles
through the ``ville`` domain; the shop categories come from the registry
(control panel), the icons from the bundled ``icons/`` folder.
"""

from pathlib import Path
from plone import api
from ville.policy import _
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


ICONS_DIR = Path(__file__).parent / "resources" / "icons"


def _fixed(items):
    terms = [SimpleTerm(value, value, title) for value, title in items]

    @provider(IVocabularyFactory)
    def factory(context=None):
        return SimpleVocabulary(terms)

    factory.items = tuple(items)
    return factory


ROADWORK_STATUSES = (
    ("upcoming", _("Upcoming")),
    ("ongoing", _("Ongoing")),
    ("finished", _("Finished")),
)
RoadworkStatusesVocabulary = _fixed(ROADWORK_STATUSES)

RoadworkImpactsVocabulary = _fixed(
    (
        ("road_closed", _("Road closed")),
        ("one_way", _("One-way traffic")),
        ("restricted", _("Restricted traffic")),
        ("no_parking", _("Parking forbidden")),
        ("pedestrian_detour", _("Pedestrian detour")),
        ("none", _("No impact on traffic")),
    )
)

RoadworkOperatorsVocabulary = _fixed(
    (
        ("commune", _("The municipality")),
        ("region", _("The Walloon Region (SPW)")),
        ("utility", _("A utility company (water, gas, electricity, telecom)")),
        ("private", _("A private contractor")),
    )
)

ProcedureCategoriesVocabulary = _fixed(
    (
        ("certificate", _("Certificate")),
        ("register_extract", _("Register extract")),
        ("permit", _("Permit")),
        ("authorisation", _("Authorisation")),
        ("registration", _("Registration")),
        ("grant", _("Grant and aid")),
        ("declaration", _("Declaration")),
        ("other", _("Other")),
    )
)

PremisesKindsVocabulary = _fixed(
    (("shop", _("Shop")), ("office", _("Office")), ("horeca", _("Horeca")))
)

PremisesAvailabilityVocabulary = _fixed(
    (
        ("available", _("Available")),
        ("option", _("Under option")),
        ("let", _("Let or sold")),
    )
)

EnergyClassesVocabulary = _fixed(
    tuple((value, value) for value in ("A++", "A+", "A", "B", "C", "D", "E", "F", "G"))
)

AlertSeveritiesVocabulary = _fixed(
    (
        ("info", _("Information")),
        ("warning", _("Warning")),
        ("danger", _("Danger")),
    )
)

WeekdaysVocabulary = _fixed(
    (
        ("monday", _("Monday")),
        ("tuesday", _("Tuesday")),
        ("wednesday", _("Wednesday")),
        ("thursday", _("Thursday")),
        ("friday", _("Friday")),
        ("saturday", _("Saturday")),
        ("sunday", _("Sunday")),
    )
)

ICON_TITLES = {
    "roadworks": _("Roadworks"),
    "cpas": _("CPAS"),
    "shop": _("Shops"),
    "eguichet": _("E-guichet"),
    "report": _("Report a problem"),
    "news": _("News"),
    "agenda": _("Agenda"),
    "directory": _("Directory"),
    "waste": _("Waste"),
    "family": _("Family"),
    "building": _("Town hall"),
    "phone": _("Phone"),
    "map": _("Map"),
    "leisure": _("Leisure"),
    "info": _("Information"),
    "premises": _("Commercial premises"),
}


# Set on install when the registry has none (setuphandlers.ensure_shop_categories).
DEFAULT_SHOP_CATEGORIES = (
    "food|Alimentation",
    "horeca|Horeca, cafés et restaurants",
    "clothing|Mode et habillement",
    "health|Santé et bien-être",
    "home|Maison et jardin",
    "services|Services",
    "leisure|Loisirs et culture",
    "mobility|Auto, moto, vélo",
)


def parse_categories(lines):
    """[(token, label)] from registry lines 'identifier|Label'."""
    from plone.i18n.normalizer import idnormalizer as normalizer

    result, seen = [], set()
    for line in lines or ():
        line = (line or "").strip()
        if not line:
            continue
        token, sep, label = line.partition("|")
        token, label = token.strip(), label.strip()
        if not sep:
            token, label = normalizer.normalize(line), line
        token = token or normalizer.normalize(label)
        if token in seen:
            continue
        seen.add(token)
        result.append((token, label or token))
    return result


def shop_categories():
    """The shop categories of the registry, as [(token, label)]."""
    return parse_categories(
        api.portal.get_registry_record("ville.policy.shop_categories", default=[])
    )


@provider(IVocabularyFactory)
def ShopCategoriesVocabulary(context=None):
    return SimpleVocabulary(
        [SimpleTerm(token, token, label) for token, label in shop_categories()]
    )


def icon_names():
    return sorted(path.stem for path in ICONS_DIR.glob("*.svg"))


@provider(IVocabularyFactory)
def IconsVocabulary(context=None):
    return SimpleVocabulary(
        [SimpleTerm(name, name, ICON_TITLES.get(name, name)) for name in icon_names()]
    )


@provider(IVocabularyFactory)
def VillagesVocabulary(context=None):
    villages = api.portal.get_registry_record(
        "ville.municipality.villages", default=[]
    ) or []
    return SimpleVocabulary(
        [SimpleTerm(v, title=v) for v in villages]
    )
