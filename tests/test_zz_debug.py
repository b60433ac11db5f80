from tests.layers import SITE_SERVER as GERMAN_SERVER
from tests.test_browser_german import _fetch, _dates, PAGES, LANGUAGES
import unittest
class T(unittest.TestCase):
    layer = GERMAN_SERVER
    def test_x(self):
        base = f"http://localhost:{self.layer['port']}/{self.layer['portal'].getId()}"
        for lang in LANGUAGES:
            for path in PAGES + ("/agenda", "/", "/actualites"):
                print(lang[:5], path, _dates(_fetch(base + path, lang)))
