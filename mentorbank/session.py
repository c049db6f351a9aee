"""What survives the rebuilds of one ``mkdocs serve`` process: one object, ``LIVE``.

MkDocs loads the configuration and the hook file again on every live-reload rebuild, so the
adapter (``hooks/bank.py``) keeps everything that must outlive a rebuild here: the command, the
loader's per-file memo, the previous prepared build, the pages written into shells, and the last
summary line. ``on_startup`` (once per ``mkdocs`` command) starts a new session, so a build never
sees the state of an earlier command in the same process. Nothing here imports MkDocs; everything
else in the package receives the session (or the parts it needs) as an argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Session:
    """State of one ``mkdocs`` command in this process (see the module doc).

    - ``command``/``dirty``: as MkDocs gives them to ``on_startup`` (``serve`` reuses what it can);
    - ``files``: the loader's memo, absolute path → (stat key, record, problems, rule problems)
      (``bank.load_bank(memo=…)``);
    - ``prepared``: the last prepared build per repository root (a body-only rebuild reuses it);
    - ``current``: the prepared build of the running build (read by the maintainer-page macros);
    - ``written``: per output folder, site URL → (page, shell key, size, marked for search) of the
      pages written into shells (``adapter.shells.write_pages``);
    - ``index``: per output folder, the report of the last search index written there
      (``adapter.pagefind.IndexReport``: its parts' keys, so a rebuild re-indexes only changed parts);
    - ``tab_summary``: the last summary line of incomplete tabs (said once while it is the same);
    - ``build``: the running build's adapter state (kept output, shells, pages to write), reset by
      the adapter at each ``on_config``.
    """

    command: str | None = None
    dirty: bool = False
    files: dict[str, tuple] = field(default_factory=dict)
    prepared: dict[Path, Any] = field(default_factory=dict)
    current: Any = None
    written: dict[Path, dict[str, tuple]] = field(default_factory=dict)
    index: dict[Path, Any] = field(default_factory=dict)
    tab_summary: str | None = None
    build: dict[str, Any] = field(default_factory=dict)

    @property
    def serving(self) -> bool:
        """True in ``mkdocs serve`` (rebuilds reuse unchanged files, pages and output)."""
        return self.command == "serve"

    def start(self, command: str | None, dirty: bool = False) -> None:
        """Begin a new ``mkdocs`` command: forget everything of the previous one."""
        fresh = Session(command=command, dirty=dirty)
        self.__dict__.update(fresh.__dict__)


#: The one session of this process, used by the MkDocs adapter and the macros.
LIVE = Session()
