"""Банк практик наставничества: the core package.

Loading, validation, the record model and page rendering live here as plain
Python; MkDocs hooks in ``hooks/`` only call into this package.
"""
