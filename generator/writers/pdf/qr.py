"""QR codes for print, made here by segno (pinned): the same address gives the same drawing."""
from __future__ import annotations

import functools
import io

from markupsafe import Markup

from generator import state

# Level M (15% of the code may be lost) survives a creased or smudged sheet; segno may raise it
# when that costs no extra size (boost_error), which is deterministic too.
ERROR_LEVEL = "m"


@state.keeps(lasting=True)
@functools.lru_cache(maxsize=256)  # a guide's A4 and A5 handouts, and every rebuild serve makes, share one
def qr_svg(address: str, title: str) -> Markup:
    """`address` as an inline SVG QR code, sized by CSS (a viewBox and no width or height), with
    `title` as its alternative text (a PDF tags an inline <svg> as a Figure, its <title> the Alt)."""
    import segno  # here, not at the top: `check` plans no PDF and need not load it

    code = segno.make(address, error=ERROR_LEVEL, micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, title=title,
              svgclass="qr", lineclass=None, dark="#000", light="#fff", border=4)
    return Markup(out.getvalue().decode("utf-8"))
