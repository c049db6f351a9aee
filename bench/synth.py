"""Synthetic, valid banks for benchmarks and scale tests (README, «Производительность»).

``generate(root, n)`` writes N practices, N/10 winners, N/10 events and
N/20 organizations (at least one per region when N/20 ≥ 89) with Russian
text of 300–1,500 words; every form and region is used when N allows.
Deterministic for a given ``seed``.

Bodies (``vocabulary``): ``simple`` — the 16 domain sentences below, repeated (a tiny vocabulary: the
search index stays small); ``realistic`` — sentences of words drawn by their real frequency in Russian
(the ``wordfreq`` package, ``bench`` extra: its word lists ship in the wheel), one domain sentence in
four, so an index holds as many distinct words as real descriptions do.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import re
from pathlib import Path

from mentorbank.vocab import regions, slugs

_SENTENCES = [
    "Наставник помогает молодому педагогу спланировать первые уроки и разобрать трудные ситуации.",
    "Наставляемый ведёт дневник профессионального роста и обсуждает его с наставником раз в неделю.",
    "В школе сформированы наставнические пары и группы, их состав утверждён приказом директора.",
    "Куратор внедрения целевой модели наставничества собирает обратную связь от участников.",
    "Старшеклассники готовят с младшими школьниками проекты и помогают им освоиться в школе.",
    "Представители предприятия проводят профессиональные пробы и экскурсии для обучающихся.",
    "Студенты педагогического колледжа проходят практику под руководством опытных учителей.",
    "Мониторинг показал рост удовлетворённости участников программы наставничества.",
    "Методическое объединение обсуждает результаты открытых уроков наставляемых педагогов.",
    "Для обучающихся с особыми образовательными потребностями разработаны индивидуальные маршруты.",
    "Программа наставничества включает этапы подготовки, формирования пар, работы и завершения.",
    "Лучшие практики представлены на муниципальном фестивале педагогических идей.",
    "Наставники прошли обучение по дополнительной профессиональной программе повышения квалификации.",
    "Родители участвуют в обсуждении результатов и помогают в организации мероприятий.",
    "Сетевое взаимодействие позволяет малокомплектным школам приглашать внешних наставников.",
    "Итоги года подводятся на педагогическом совете, где наставляемые делятся достижениями.",
]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


#: Kinds of bodies (module doc).
VOCABULARIES = ("simple", "realistic")


class _Words:
    """Russian words with their frequencies (wordfreq, top 30,000 words of Cyrillic letters only)."""

    def __init__(self, size: int = 30_000):
        from wordfreq import top_n_list, word_frequency

        self.words = [w for w in top_n_list("ru", size) if re.fullmatch(r"[а-яё]+(-[а-яё]+)?", w)]
        self.cumulative = list(itertools.accumulate(word_frequency(w, "ru") for w in self.words))

    def sentence(self, rng: random.Random) -> str:
        total = self.cumulative[-1]
        picked = [self.words[bisect.bisect(self.cumulative, rng.random() * total)] for _ in range(rng.randint(6, 16))]
        return " ".join(picked).capitalize() + "."


def _sentence(rng: random.Random, words: _Words | None) -> str:
    if words is None or rng.random() < 0.25:
        return rng.choice(_SENTENCES)
    return words.sentence(rng)


def _text(rng: random.Random, words: int, vocab: _Words | None = None) -> str:
    out, count, para = [], 0, []
    while count < words:
        s = _sentence(rng, vocab)
        para.append(s)
        count += len(s.split())
        if len(para) >= rng.randint(3, 6):
            out.append(" ".join(para))
            para = []
    if para:
        out.append(" ".join(para))
    sections = ["Актуальность", "Описание", "Этапы", "Результаты", "Ресурсы", "Возможности тиражирования"]
    chunks = [out[i::len(sections)] for i in range(len(sections))]
    return "\n\n".join(f"## {title}\n\n" + "\n\n".join(chunk) for title, chunk in zip(sections, chunks, strict=True)
                       if chunk) + "\n"


def generate(root: Path, n: int, seed: int = 1, vocabulary: str = "simple") -> dict[str, int]:
    """Write a synthetic bank of ``n`` practices under ``root`` (practices/, content/organizations/);
    ``vocabulary``: one of ``VOCABULARIES`` (module doc; ``realistic`` needs the ``bench`` extra).

    Returns the counts written per type. Existing files with the same names are overwritten.
    """
    if vocabulary not in VOCABULARIES:
        raise ValueError(f"unknown vocabulary {vocabulary!r}")
    vocab = _Words() if vocabulary == "realistic" else None
    rng = random.Random(seed)
    forms, audiences, all_regions = slugs("form"), slugs("audience"), regions()
    n_orgs, n_winners, n_events = max(1, n // 20), max(1, n // 10), max(1, n // 10)
    orgs_dir = root / "content" / "organizations"
    for d in (orgs_dir, root / "practices/practices", root / "practices/winners", root / "practices/events"):
        d.mkdir(parents=True, exist_ok=True)
    org_ids = []
    for i in range(n_orgs):
        oid = f"synth-org-{i:05d}"
        org_ids.append(oid)
        region = all_regions[i % len(all_regions)]
        (orgs_dir / f"{oid}.md").write_text(
            f"---\ntype: organization\nname: Синтетическая школа № {i}\nshort_name: Школа № {i}\nkind: school\n"
            f"region: \"{region}\"\nmunicipality: Муниципалитет {i % 300}\n"
            f"forms: [{forms[i % len(forms)]}]\n---\n{_text(rng, 80)}", "utf-8")
    practice_ids = []
    for i in range(n):
        pid = f"synth-praktika-{i:06d}"
        practice_ids.append(pid)
        form = forms[i % len(forms)]
        extra = rng.choice(forms)
        body = _text(rng, rng.randint(300, 1500), vocab)
        (root / "practices/practices" / f"{pid}.md").write_text(
            f"---\ntype: practice\ntitle: {_q(f'Практика наставничества № {i}: {rng.choice(_SENTENCES)[:80]}')}\n"
            f"summary: {_q(rng.choice(_SENTENCES))}\norganization: {org_ids[i % n_orgs]}\nyear: {2019 + i % 8}\n"
            f"forms: [{form}{', ' + extra if extra != form else ''}]\naudience: [{rng.choice(audiences)}]\n"
            f"goal: {_q(rng.choice(_SENTENCES))}\nupdated: 2026-0{1 + i % 9}-15\n---\n{body}", "utf-8")
    for i in range(n_winners):
        (root / "practices/winners" / f"synth-pobeditel-{i:05d}.md").write_text(
            f"---\ntype: winner\ntitle: Победитель конкурса № {i}\ncompetition: Конкурс наставников {i % 40}\n"
            f"year: {2020 + i % 7}\nlevel: municipal\nresult: {rng.choice(['winner', 'prize-winner', 'laureate'])}\n"
            f"organization: {org_ids[i % n_orgs]}\npractice: {practice_ids[i % n]}\n---\n{_text(rng, 60)}", "utf-8")
    for i in range(n_events):
        year = 2023 + i % 5
        (root / "practices/events" / f"synth-meropriyatie-{i:05d}.md").write_text(
            f"---\ntype: event\ntitle: Семинар наставников № {i}\nevent_type: seminar\n"
            f"start: {year}-{1 + i % 12:02d}-{1 + i % 28:02d}\nformat: online\norganizer: {org_ids[i % n_orgs]}\n"
            f"level: municipal\n---\n{_text(rng, 60)}", "utf-8")
    return {"practice": n, "winner": n_winners, "event": n_events, "organization": n_orgs}


def bank_once(root: Path, n: int, vocabulary: str = "simple") -> Path:
    """A bank of ``n`` practices at ``root`` for the output benchmarks (``bench/outputs.py``,
    ``bench/opendata.py``): the repository's site files with a synthetic bank generated into them, made
    only if ``root`` holds no ``practices/`` yet. Returns ``root``."""
    import shutil

    if not (root / "practices").exists():
        repo = Path(__file__).resolve().parent.parent
        root.mkdir(parents=True, exist_ok=True)
        for part in ("mkdocs.yml", "content", "practices"):
            src = repo / part
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
        generate(root, n, vocabulary=vocabulary)
    return root
