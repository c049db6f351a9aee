"""Controlled vocabularies and the list of regions (the project's own copy).

Source: ``mentorbank/data/vocabularies.yml`` (the data model: «Модель данных», section
«Словари», content/uchastnikam/model-dannyh.md) (распоряжение
Минпросвещения России от 25.12.2019 № Р-145; письмо от 21.12.2021
№ АЗ-1128/08) and Конституция РФ, ст. 65 for the 89 subjects.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

#: Russian names of the vocabularies, used in messages («… не из словаря «формы наставничества»»).
VOCAB_TITLES: dict[str, str] = {
    "form": "формы наставничества",
    "role_model": "ролевые модели",
    "kind": "виды наставничества",
    "audience": "целевая аудитория",
    "special_group": "категории с особыми потребностями",
    "level": "уровни",
    "event_type": "типы мероприятий",
    "result": "результаты участия в конкурсе",
    "org_kind": "типы организаций",
    "doc_kind": "виды документов",
    "doc_level": "уровни документов",
    "expert_criterion": "критерии экспертной карты",
}


@cache
def vocabularies() -> dict[str, dict[str, str]]:
    """Return ``{vocabulary: {slug: Russian label}}`` in file order.

    Reads ``mentorbank/data/vocabularies.yml``; raises ``OSError`` or
    ``yaml.YAMLError`` only if the package itself is broken.
    """
    text = resources.files("mentorbank.data").joinpath("vocabularies.yml").read_text("utf-8")
    return yaml.safe_load(text)


@cache
def regions() -> tuple[str, ...]:
    """Return the 89 official names of the subjects of the Russian Federation, in file order."""
    text = resources.files("mentorbank.data").joinpath("regions.txt").read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def label(vocab: str, slug: str) -> str:
    """Return the Russian label of ``slug`` in vocabulary ``vocab``, or the slug itself if unknown."""
    return vocabularies().get(vocab, {}).get(slug, slug)


def slugs(vocab: str) -> list[str]:
    """Return the slugs of vocabulary ``vocab`` in file order; ``KeyError`` for an unknown vocabulary."""
    return list(vocabularies()[vocab])
