"""WCAG 2.x colour contrast for a school's site colours (pure functions, no dependencies).

Definitions from WCAG 2.2, "relative luminance" and "contrast ratio":
https://www.w3.org/TR/WCAG22/#dfn-relative-luminance
"""
from __future__ import annotations

WHITE = "#ffffff"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    """'#1d4f91' -> (29, 79, 145). The school schema has already checked the #rrggbb form."""
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _linear(channel: int) -> float:
    """One sRGB channel (0-255) as linear light. WCAG 2.x prints 0.03928 as the
    threshold; sRGB's 0.04045 differs, but no 8-bit value falls between them."""
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    r, g, b = (_linear(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (no contrast) to 21 (black on white); the order of the colours does not matter."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def darker_passing(hex_colour: str, required: float, against: str = WHITE) -> str:
    """The lightest shade of the colour, darkened in 1% steps, that meets `required`.

    Scaling every channel by the same factor keeps the hue, so the school's
    colour stays recognisable; black (ratio 21 with white) ends the search."""
    rgb = _rgb(hex_colour)
    for step in range(101):
        red, green, blue = (round(c * (1 - step / 100)) for c in rgb)
        shade = _hex((red, green, blue))
        if contrast_ratio(shade, against) >= required:
            return shade
    return "#000000"


def shown(ratio: float) -> str:
    """A ratio rounded down to 2 places, so 4.497 never shows as a passing '4.50'."""
    return f"{int(ratio * 100) / 100:.2f}"
