"""Make content/fonts/fields.ttf, the font of the fillable form fields.

WeasyPrint embeds a form field's font whole (a reader needs every letter a
parent might type), so the fields get a font of their own: DejaVu Sans cut to
the Latin, Greek and Cyrillic letters, punctuation and currency signs, with no
hinting: 88 KB instead of 740 KB, and about 50 KB compressed in a PDF.
Renamed, as the Bitstream Vera licence asks of a modified font (content/fonts/LICENSE).

Run once when the source font changes:  python tools/field_font.py [DejaVuSans.ttf]
The result is committed, so every build embeds the same bytes.
"""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parents[1] / "content" / "fonts"
SOURCE = FONTS / "DejaVuSans.ttf"  # the PDFs' own font (content/fonts/README.md)
TARGET = FONTS / "fields.ttf"
FAMILY = "SchoolPolicy Fields"
RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x1E00, 0x1EFF),
          (0x2010, 0x205E), (0x20A0, 0x20C0), (0x2116, 0x2116), (0x2122, 0x2122)]


def rename(font: TTFont) -> None:
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(FAMILY.replace(" ", "") + "-Regular", 6, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            names.setName(FAMILY + " Regular", 3, record.platformID, record.platEncID, record.langID)


def main(source: Path = SOURCE) -> None:
    options = subset.Options(hinting=False, layout_features=[], name_IDs=["*"], name_languages=["*"],
                             notdef_outline=True, glyph_names=False)
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for low, high in RANGES for c in range(low, high + 1)])
    subsetter.subset(font)
    rename(font)
    font.save(TARGET)
    print(f"wrote {TARGET} ({TARGET.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
