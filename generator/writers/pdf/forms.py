"""Form fields that every PDF reader draws: a WeasyPrint `finisher` run on the PDF before it is written.

WeasyPrint 70 leaves its form fields for the reader to draw (`/NeedAppearances`):
tick boxes and radio buttons get an appearance for "on" only and no default
appearance (`/DA`), so Poppler-based readers (Evince, Okular, pdftoppm) draw no
tick and no chosen option once a form is filled, and PDFium (Chrome, Edge)
drops letters outside Windows' Western code page, such as Welsh Ŵ and ŷ, when it
lays out what a parent typed. `finish_forms` makes every widget complete:

- Radio groups become one field with plain widget kids (WeasyPrint gives each
  button the group's name and lists it in /Fields as well, so readers saw a
  second, nested field per group).
- Tick boxes and radio buttons get an appearance for each state, on and
  `/Off`, a default appearance in ZapfDingbats (`/ZaDb`, the font readers draw
  ticks with when they redraw a field) and the symbol to draw (`/MK /CA`: a
  tick, "4", or a dot, "l"). The font itself is not added to the PDF: readers
  bring their own for it (Poppler and PDFium both do), and a PDF/UA file may
  only name fonts it embeds.
- Text fields get an empty appearance and a default appearance naming only a
  font and a colour (WeasyPrint also writes a graphics-state operator, which a
  default appearance may not hold).
- The field font is also offered under the alias `/Wingdings`. PDFium uses a
  field's own font for a letter only when the letter's Windows code page
  matches the font's; it takes an embedded font to be Western unless the alias
  is one of Windows' symbol fonts, and then uses it for every letter it has.
  Without this, PDFium looks for a system font for Ŵ, finds none that encodes
  it, and leaves it out. Other readers look a font up by its alias and are
  unaffected (checked with Poppler and PDFium in tests/test_forms_pdf.py).
- `/NeedAppearances` is dropped: every widget now carries its appearance, so
  a reader shows the form exactly as written, and draws a field again itself
  only when someone fills it in.

The default resources (`/DR`) are a dictionary of their own, so the page's
resources keep only the fonts its text uses.
"""
from __future__ import annotations

import re
from typing import Any

import pydyf

# The alias PDFium treats as a symbol font (see above); its value is the field font.
FIELD_FONT_ALIAS = "Wingdings"
DINGBATS_ALIAS = "ZaDb"  # the standard name; never a font in the file (see above)
CHECK_SYMBOL = "4"  # ZapfDingbats: a tick
RADIO_SYMBOL = "l"  # ZapfDingbats: a filled circle
_FONT_SIZE = re.compile(rb"/(\S+)\s+([\d.]+)\s+Tf")


def _empty_appearance(pdf: pydyf.PDF, width: float, height: float) -> Any:
    stream = pydyf.Stream(extra={"Type": "/XObject", "Subtype": "/Form",
                                 "BBox": pydyf.Array((0, 0, width, height)),
                                 "Resources": pydyf.Dictionary()})
    pdf.add_object(stream)
    return stream.reference


def _size(rect: Any) -> tuple[float, float]:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return abs(x1 - x0), abs(y1 - y0)


def _widgets(pdf: pydyf.PDF) -> list[pydyf.Dictionary]:
    return [obj for obj in pdf.objects
            if isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/Widget"]


def _field_font(pdf: pydyf.PDF, widgets: list[pydyf.Dictionary]) -> tuple[str, bytes] | None:
    """The alias of the font the text fields are set in, and its size, from their default appearance."""
    for widget in widgets:
        if widget.get("FT") == "/Tx" and "DA" in widget:
            da = widget["DA"].string if isinstance(widget["DA"], pydyf.String) else bytes(widget["DA"])
            match = _FONT_SIZE.search(da)
            if match:
                return match.group(1).decode("ascii"), match.group(2)
    return None


def _font_resources(pdf: pydyf.PDF, resources: Any) -> dict[str, Any]:
    """The fonts of a resources dictionary (given directly or by reference), as alias -> value."""
    if isinstance(resources, bytes):
        resources = pdf.objects[int(resources.split()[0])]
    fonts = resources.get("Font") if isinstance(resources, dict) else None
    if isinstance(fonts, bytes):
        fonts = pdf.objects[int(fonts.split()[0])]
    return dict(fonts or {})


def finish_forms(document: Any, pdf: pydyf.PDF) -> None:
    """A WeasyPrint `finisher`: give every form widget its appearances and default appearance."""
    form = pdf.catalog.get("AcroForm")
    if not form:
        return
    widgets = _widgets(pdf)
    # Radio groups: one field each, with plain widget kids (no /T of their own, not in /Fields).
    kids = set()
    for widget in widgets:
        if "Parent" in widget:
            widget.pop("T", None)
            kids.add(widget.reference)
    form["Fields"] = pydyf.Array(ref for ref in form["Fields"] if ref not in kids)

    fonts = _font_resources(pdf, form.get("DR"))
    text_font = _field_font(pdf, widgets)
    if text_font:
        fonts[FIELD_FONT_ALIAS] = fonts[text_font[0]]

    empty: dict[tuple[float, float], Any] = {}  # one empty drawing a size, made when first wanted

    def empty_of(width: float, height: float) -> Any:
        if (width, height) not in empty:
            empty[width, height] = _empty_appearance(pdf, width, height)
        return empty[width, height]

    for widget in widgets:
        width, height = _size(widget["Rect"])
        if widget.get("FT") == "/Btn":
            radio = "Parent" in widget
            normal = widget["AP"]["N"]
            normal["Off"] = empty_of(width, height)
            widget["DA"] = pydyf.String(f"/{DINGBATS_ALIAS} 0 Tf 0 g")
            widget["MK"]["CA"] = pydyf.String(RADIO_SYMBOL if radio else CHECK_SYMBOL)
        elif widget.get("FT") == "/Tx":
            if "AP" not in widget:
                widget["AP"] = pydyf.Dictionary({"N": empty_of(width, height)})
            if text_font:
                widget["DA"] = pydyf.String(f"/{FIELD_FONT_ALIAS} {text_font[1].decode('ascii')} Tf 0 g")
    form["DR"] = pydyf.Dictionary({"Font": pydyf.Dictionary(fonts)})
    form.pop("NeedAppearances", None)
    _share_appearances(pdf, widgets)


def _share_appearances(pdf: pydyf.PDF, widgets: list[pydyf.Dictionary]) -> None:
    """Widgets of one size draw the same tick, dot or empty box: each drawing is kept once and
    shared, which keeps a form with many tick boxes small. Once every widget points at its twin, a
    drawing no one refers to becomes an empty dictionary in the compressed object stream (pydyf
    writes a freed object as a broken cross-reference entry, so it is emptied, not freed)."""
    first: dict[bytes, Any] = {}

    def shared(reference: Any) -> Any:
        number = int(reference.split()[0])
        twin = first.setdefault(pdf.objects[number].data, reference)
        if twin is not reference:
            empty = pydyf.Dictionary()
            empty.number, empty.generation = number, 0
            pdf.objects[number] = empty
        return twin

    for widget in widgets:
        normal = widget.get("AP", {}).get("N")
        if isinstance(normal, bytes):
            widget["AP"]["N"] = shared(normal)
        elif isinstance(normal, dict):
            for state in list(normal):
                if isinstance(normal[state], bytes):
                    normal[state] = shared(normal[state])
