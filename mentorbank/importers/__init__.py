"""Importers of what coordinators already have: a roadmap table from Word (``mentorbank import roadmap``)
and monitoring indicators from Excel (``mentorbank import stats``).

Modules, one job each: ``messages`` (what could not be read, in Russian), ``docx_tables`` (a .docx as
paragraphs and rectangular tables), ``columns`` (roadmap column headers), ``deadlines`` (``due`` of a
deadline), ``roadmap`` (tables → ``roadmaps`` entry), ``stats`` (a sheet → ``stats``), ``yaml_write``
(YAML text and the round-trip update of a profile's front matter).
"""
