"""A Word document (.docx, read with python-docx) as its paragraphs and tables in document order.

Tables become rectangular grids: a cell merged across columns (``gridSpan``) or down rows (``vMerge``)
appears at every grid position it covers, with one ``key`` so that a reader can tell a merged cell
from equal text, and ``continued`` set in the rows below the first of a vertical merge.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .messages import ImportFailure, office_file

#: A bullet typed as text at the start of a paragraph («- », «– », «• »…).
_MARKER = re.compile(r"^[-‐‑‒–—―•·▪▫●◦○■□➢➤►✓✔*]+\s*")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Para:
    """One paragraph (or one line of a paragraph broken with Shift+Enter) of a cell or of the body:
    ``text`` with spaces collapsed; ``listed`` when Word shows it as an item of a bulleted or numbered
    list (list formatting of the paragraph or its style)."""

    text: str
    listed: bool = False

    @property
    def bullet(self) -> bool:
        """True if the paragraph is a list item: Word list formatting or a typed bullet («- …»)."""
        return self.listed or bool(_MARKER.match(self.text))

    @property
    def bare(self) -> str:
        """The text without a typed bullet at its start."""
        return _MARKER.sub("", self.text, count=1).strip()


@dataclass(frozen=True)
class Cell:
    """One grid position of a table: the paragraphs of the (merged) cell there, ``key`` shared by all
    positions of one merged cell, ``span`` grid columns it covers, ``continued`` in the second and later
    rows of a vertical merge."""

    paragraphs: tuple[Para, ...]
    key: int
    span: int = 1
    continued: bool = False

    @property
    def text(self) -> str:
        """All paragraphs joined with spaces ('' for an empty cell)."""
        return " ".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Table:
    """A table of the document: ``number`` counts tables from 1 in document order (nested tables are
    not counted); ``rows`` is the rectangular grid; ``before`` are the body paragraphs between the previous
    table (or the start) and this one."""

    number: int
    rows: tuple[tuple[Cell, ...], ...]
    before: tuple[Para, ...]


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\xa0", " ")).strip()


def _is_listed(paragraph) -> bool:
    """Word list formatting on the paragraph or on its style (or a style it is based on)."""
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return True
    style = paragraph.style
    while style is not None:
        element_pr = style.element.pPr
        if element_pr is not None and element_pr.numPr is not None:
            return True
        name = (style.name or "").lower()
        if name.startswith("list") or "спис" in name:
            return True
        style = style.base_style
    return False


def _paras(paragraphs) -> tuple[Para, ...]:
    out = []
    for paragraph in paragraphs:
        listed = _is_listed(paragraph)
        for line in paragraph.text.split("\n"):
            text = _clean(line)
            if text:
                out.append(Para(text, listed))
                listed = False  # only the first line of a list paragraph carries its bullet
    return tuple(out)


def _grid(table, first_key: int) -> tuple[tuple[tuple[Cell, ...], ...], int]:
    """The rectangular grid of a python-docx table and the next free cell key."""
    from docx.table import _Cell

    key = first_key
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}
    for row in table.rows:
        cells: list[Cell] = []
        for _ in range(row.grid_cols_before):
            cells.append(Cell((), key))
            key += 1
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            col = len(cells)
            if tc.vMerge == "continue" and col in above:
                root = above[col]
                cell = Cell(root.paragraphs, root.key, span, True)
            else:
                cell = Cell(_paras(_Cell(tc, table).paragraphs), key, span)
                key += 1
            cells.extend([cell] * span)
        for _ in range(row.grid_cols_after):
            cells.append(Cell((), key))
            key += 1
        for col, cell in enumerate(cells):
            above[col] = cell
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        while len(r) < width:
            r.append(Cell((), key))
            key += 1
    return tuple(tuple(r) for r in rows), key


def read_docx(path: Path) -> tuple[list[Table], tuple[Para, ...]]:
    """Read a .docx file: (its tables in document order, the body paragraphs after the last table).

    Raises ImportFailure (Russian message) when the file is missing, is not a file, or is not a Word
    document (.doc of old Word, a PDF, a damaged file …). Never raises anything else for a bad file.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable

    path = office_file(path, ".docx", "не документ Word в формате .docx (файл повреждён или это "
                        "другой формат, например старый .doc или PDF). Откройте его в Word или "
                        "LibreOffice и сохраните как «Документ Word (.docx)».")
    try:
        document = docx.Document(str(path))
        blocks = list(document.iter_inner_content())
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise ImportFailure(f"файл «{path}» не удалось прочитать как документ Word (.docx): {exc}. Откройте "
                            "его в Word или LibreOffice и сохраните как «Документ Word (.docx)».") from None
    except Exception as exc:  # a damaged document part (bad XML) of any kind: still no traceback
        raise ImportFailure(f"файл «{path}» повреждён: его не удалось прочитать как документ Word "
                            f"({type(exc).__name__}). Откройте его в Word или LibreOffice и сохраните "
                            "заново как .docx.") from None
    tables: list[Table] = []
    before: list[Para] = []
    key = 0
    for block in blocks:
        if isinstance(block, DocxTable):
            rows, key = _grid(block, key)
            tables.append(Table(len(tables) + 1, rows, tuple(before)))
            before = []
        else:
            before.extend(_paras([block]))
    return tables, tuple(before)
