"""The one reader of a profile file: YAML, then the schema, one line per
error naming the file and the field."""

from pathlib import Path
from pydantic import AfterValidator
from pydantic import BaseModel
from pydantic import ConfigDict
from typing import Annotated
from ville.core.profilefile import FieldError
from ville.core.profilefile import File
from ville.core.profilefile import ProfileError
from ville.core.profilefile import read
from ville.core.profilefile import RequiredText
from ville.core.profilefile import Text

import tempfile
import unittest


def _no_sunday(value):
    if "sunday" in value:
        raise FieldError("is not a working day", "sunday")
    return value


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: Text = ""


class Town(BaseModel):
    name: RequiredText
    contact: Contact = Contact()
    hours: Annotated[dict, AfterValidator(_no_sunday)] = {}
    villages: list[Text] = []


class TestRead(unittest.TestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.path = Path(folder.name) / "municipality.yaml"

    def error(self, text):
        self.path.write_text(text, encoding="utf-8")
        with self.assertRaises(ProfileError) as caught:
            read(self.path, Town)
        return str(caught.exception)

    def test_a_valid_file_gives_the_model_with_text_stripped(self):
        self.path.write_text("name: ' Ville '\ncontact: {phone: 69}\n", encoding="utf-8")
        town = read(self.path, Town)
        self.assertEqual((town.name, town.contact.phone), ("Ville", "69"))

    def test_one_line_names_the_file_and_the_field(self):
        path = self.path
        self.assertEqual(self.error("contact: {}\n"), f"{path}: field 'name' is missing")
        self.assertEqual(self.error("name: ''\n"), f"{path}: field 'name' is missing")
        self.assertEqual(self.error("name: [a]\n"), f"{path}: field 'name' must be text")
        self.assertEqual(self.error("name: V\ncontact: {fax: 1}\n"),
                         f"{path}: field 'contact.fax' is not known")
        self.assertEqual(self.error("name: V\nvillages: [a, {b: 1}]\n"),
                         f"{path}: field 'villages[1]' must be text")
        self.assertEqual(self.error("name: V\nhours: {sunday: '9:00-12:00'}\n"),
                         f"{path}: field 'hours.sunday' is not a working day")
        self.assertEqual(self.error("- a\n"), f"{path}: the file must be a mapping of fields")

    def test_unreadable_or_missing_files(self):
        self.assertEqual(self.error("name: V\n  bad: [\n"), f"{self.path} line 2: not valid YAML")
        self.assertIn("not valid YAML", self.error("name: V\nday: 2026-02-30\n"))
        self.path.unlink()
        self.assertEqual(read(self.path, Town, missing=False), False)
        with self.assertRaises(ProfileError) as caught:
            read(self.path, Town)
        self.assertEqual(str(caught.exception), f"{self.path}: file not found")


class Minisite(BaseModel):
    logo: File = ""


class TestFile(unittest.TestCase):
    def test_a_file_field_names_a_file_beside_the_profile_file(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "tree.yaml"
            path.write_text("logo: logo.png\n", encoding="utf-8")
            with self.assertRaises(ProfileError) as caught:
                read(path, Minisite)
            self.assertEqual(
                str(caught.exception), f"{path}: field 'logo' names a missing file 'logo.png'"
            )
            (Path(folder) / "logo.png").write_bytes(b"png")
            self.assertEqual(read(path, Minisite).logo, "logo.png")
            path.write_text("{}\n", encoding="utf-8")
            self.assertEqual(read(path, Minisite).logo, "")
