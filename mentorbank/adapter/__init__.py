"""The site generator's side of the build, without importing it: what knows how MkDocs + Material lay
out a page (shells), MkDocs' sitemap, the live-reload server's output folder and Pagefind.

``hooks/bank.py`` (the entry named in ``mkdocs.yml``) is the only file that imports MkDocs; it calls
``mentorbank.build.prepare`` for the bank and these modules for the output:

- ``shells``: pages out of the nav written into the generator's own output for one placeholder page
  of the same kind (README, «Производительность»), and the reuse of a previous output in ``mkdocs serve``;
- ``sitemap``: generated pages added to MkDocs' ``sitemap.xml``;
- ``pagefind``: the search index and the «nothing lost» check;
- ``pagefind_chunks``: the index chunks of each Pagefind run repaired (which chunk a query word loads).
"""
