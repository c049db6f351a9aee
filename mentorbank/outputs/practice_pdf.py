"""The PDF of each practice (``praktiki/<id>/praktika-<id>.pdf``) — only when ``Settings.practice_pdfs``
is on: WeasyPrint lays out a practice in about half a second, which at 10,000 practices would add more
to a build than the whole build takes (README, «PDF вкладки и практик»). Otherwise a practice's PDF is
made on demand: ``mentorbank pdf practice <id>``.

The document is the practice's page content (its own template, absolute links, the whole body) in
``pdf_record.html``: the same consent rules as the page.
"""

from __future__ import annotations

from markupsafe import Markup

from .. import urls
from ..catalogue import Catalogue
from ..model import Record
from ..pdf import DATE_ISO, DATE_TEXT, PdfCache
from ..render import Env, LinkContext
from . import Result
from . import records as record_pages

NAME = "practice_pdf"
READS_BODIES = frozenset({"practice"})


def document(r: Record, catalogue: Catalogue, env: Env) -> str:
    """The standalone HTML of ``r``'s PDF (a published practice; also works for a winner or an event), dated
    by the placeholders ``pdf.DATE_TEXT``/``DATE_ISO`` (``pdf.dated`` fills them)."""
    ctx = record_pages.context(r, catalogue)
    ctx["body"] = Markup(env.markdown(r.body))
    links = LinkContext(r.url, base=env.site_url)
    content = Markup(env.render(f"{r.type}.html", links, **ctx))
    return env.render("pdf_record.html", links, r=r, org=ctx["org"], content=content, site_url=env.site_url,
                      pdf_date=DATE_TEXT, pdf_iso=DATE_ISO)


def generate(catalogue: Catalogue, env: Env) -> Result:
    """``praktiki/<id>/praktika-<id>.pdf`` of every published practice when ``Settings.practice_pdfs``
    is on (kept in the build cache between builds), else nothing."""
    if not env.settings.practice_pdfs:
        return Result()
    kept = PdfCache(env.settings.cache_dir, "practice-pdf", catalogue.build_date)
    kept.load()
    practices = [r for r in catalogue.bank.records.values() if r.published and r.type == "practice"]
    documents = {r.id: document(r, catalogue, env) for r in practices}
    kept.prerender(documents.values())
    files = {urls.practice_pdf(r.url, r.id): kept.pdf(documents[r.id]) for r in practices}
    kept.save()
    return Result(files=files)
