"""How the site looks: the logo is a real picture inside data/, the colours readable on white."""
from __future__ import annotations

from generator.check.colours import WHITE, contrast_ratio, darker_passing, shown
from generator.errors import Problem
from generator.readers.logo import Logo, LogoError
from generator.readers.school import SchoolFile

# The contrast each site colour needs against white (see school_stylesheet in writers/site/docs_tree.py).
# primary is the header background under white text AND the link colour on white
# pages: both are normal-size text, so WCAG 2.x AA 1.4.3 asks for 4.5:1.
# accent only colours a link while it is hovered or focused: the link was already
# readable at 4.5:1 in primary, so accent needs the 3:1 of 1.4.11 (non-text
# contrast), enough for the change of state and the focus mark to be seen.
COLOUR_NEEDS = {
    "primary": (4.5, "white header text on it and links in it on white pages"),
    "accent": (3.0, "links that are hovered or focused on white pages"),
}


def check_logo(school: SchoolFile, logo: Logo | LogoError | None) -> list[Problem]:
    """The logo must be a real PNG, JPEG or WebP picture inside data/ (readers/logo.py read it)."""
    return [school.doc.problem(("school", "logo"), str(logo))] if isinstance(logo, LogoError) else []


def check_colours(school: SchoolFile) -> list[Problem]:
    """Each site colour against white, with a darker shade of it that would pass."""
    problems = []
    for key, (needed, use) in COLOUR_NEEDS.items():
        colour = getattr(school.data.school.colours, key)
        ratio = contrast_ratio(colour, WHITE)
        if ratio < needed:
            better = darker_passing(colour, needed)
            problems.append(school.doc.problem(("school", "colours", key), (
                f"'{colour}' is too light: its contrast with white is {shown(ratio)}:1, but {use} need at "
                f"least {needed:g}:1 (WCAG 2.x AA). Use a darker shade, e.g. '{better}' "
                f"({shown(contrast_ratio(better, WHITE))}:1)")))
    return problems
