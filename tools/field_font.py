"""Make content/fonts/fields.ttf, the font of the fillable form fields.

WeasyPrint embeds a form field's font whole (a reader needs every letter a
parent might type), so the fields get a font of their own: DejaVu Sans cut to
the letters of the languages of the UK and Ireland and of Europe's Latin
alphabets (Basic Latin, Latin-1, all of Latin Extended-A, Romanian's comma
letters and the Welsh ẁ ẃ ẅ ỳ), common punctuation and the pound and euro
signs, with no hinting and no layout tables: about 30 KB instead of 740 KB,
and about 15 KB compressed in a PDF, which keeps the largest form under 40 KB.
Greek and Cyrillic are left out for size: a reader that meets a letter the
font lacks draws it in a font of its own.
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
RANGES = [(0x20, 0x7E), (0xA0, 0x17F),  # Basic Latin, Latin-1, Latin Extended-A (Ŵŵ Ŷŷ and the rest)
          (0x218, 0x21B),  # Romanian Ș ș Ț ț
          (0x1E80, 0x1E85), (0x1EF2, 0x1EF3),  # Welsh Ẁ ẁ Ẃ ẃ Ẅ ẅ Ỳ ỳ
          (0x2010, 0x2027), (0x2030, 0x203A),  # dashes, quotation marks, bullet, ellipsis, per mille
          (0x20AC, 0x20AC), (0x2116, 0x2116), (0x2122, 0x2122)]  # euro, numero, trade mark


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
    # Names: the family, version, copyright and licence (IDs 0-6, 13, 14), as the licence asks.
    options = subset.Options(hinting=False, layout_features=[], name_IDs=[0, 1, 2, 3, 4, 5, 6, 13, 14],
                             name_languages=["*"], notdef_outline=True, glyph_names=False)
    options.drop_tables += ["MATH", "GDEF", "GPOS", "GSUB", "kern", "FFTM"]
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for low, high in RANGES for c in range(low, high + 1)])
    subsetter.subset(font)
    rename(font)
    font.save(TARGET)
    print(f"wrote {TARGET} ({TARGET.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
