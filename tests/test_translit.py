"""core.translit: Cyrillic names meet their Latin spellings (English and German style)."""

from __future__ import annotations

import pytest

from core import translit

# (Cyrillic as written in an article, a Latin spelling of the same name)
SAME = [
    ("Путина", "Putin"),
    ("Зеленского", "Selenskyj"),
    ("Зеленський", "Zelensky"),
    ("Зеленским", "Zelenskyy"),
    ("Киеве", "Kiew"),
    ("Лаврова", "Lawrow"),
    ("Лаврова", "Lavrov"),
    ("Лукашенко", "Lukashenko"),
    ("Лукашенко", "Lukaschenko"),
    ("Шойгу", "Schoigu"),
    ("Шойгу", "Shoigu"),
    ("Кремля", "Kreml"),
    ("Харків", "Kharkiv"),
    ("Херсоне", "Cherson"),
    ("Бахмута", "Bakhmut"),
    ("Макрона", "Macron"),
    ("Шольц", "Scholz"),
    ("НАТО", "NATO"),
]
DIFFERENT = [("Путина", "Puschkin"), ("Киеве", "Kursk"), ("Лаврова", "Lwiw")]


@pytest.mark.parametrize(("cyrillic", "latin"), SAME)
def test_a_cyrillic_form_meets_its_latin_name(cyrillic, latin):
    assert translit.key(latin) in translit.cyrillic_keys([cyrillic])


@pytest.mark.parametrize(("cyrillic", "latin"), DIFFERENT)
def test_different_names_stay_apart(cyrillic, latin):
    assert translit.key(latin) not in translit.cyrillic_keys([cyrillic])


def test_latin_spellings_of_one_name_share_a_key():
    assert len({translit.key(n) for n in ("Zelensky", "Zelenskyy", "Zelenskiy")}) == 1
    assert translit.key("Łukaszenko") == translit.key("Lukaschenko") == translit.key(
        "Lukashenko")
    assert translit.key("Ławrow") == translit.key("Lavrov")


def test_stems_and_detection():
    assert "путин" in translit.stems("Путиным")
    assert translit.has_cyrillic("Путин") and not translit.has_cyrillic("Putin")
