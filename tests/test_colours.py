"""Site colours: WCAG 2.x contrast with white, checked by `schoolpolicy check` with a passing suggestion."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_cli
from test_errors import GOOD

from generator.check.colours import WHITE, contrast_ratio, darker_passing, relative_luminance, shown
from generator.readers.school import read_school

# The smallest valid school (from test_errors), with colours set on lines 7 and 8.
SCHOOL = GOOD.replace("  jurisdiction: england\n", "  jurisdiction: england\n"
                      "  colours:\n    primary: \"#1d4f91\"\n    accent: \"#1d4f91\"\n", 1)
PRIMARY_LINE, ACCENT_LINE = 7, 8
SUGGESTION = re.compile(r"e\.g\. '(#[0-9a-f]{6})' \((\d+\.\d\d):1\)")


# --- the formula, against values published by W3C and WebAIM -----------------------------------

def test_black_on_white_is_21():
    assert contrast_ratio("#000000", WHITE) == pytest.approx(21.0)


def test_same_colour_is_1_and_order_does_not_matter():
    assert contrast_ratio("#1d4f91", "#1d4f91") == pytest.approx(1.0)
    assert contrast_ratio("#777777", WHITE) == contrast_ratio(WHITE, "#777777")


def test_mid_greys_either_side_of_aa():
    # #777777 is the well-known "looks fine but fails" grey; #767676 is the lightest grey that passes.
    assert contrast_ratio("#777777", WHITE) == pytest.approx(4.48, abs=0.005)
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.005)


def test_luminance_end_points_and_case():
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#1D4F91") == relative_luminance("#1d4f91")


def test_suggestion_passes_and_keeps_a_passing_colour():
    for colour, needed in (("#777777", 4.5), ("#4a90e2", 4.5), ("#ffcc00", 3.0), ("#ffffff", 4.5)):
        better = darker_passing(colour, needed)
        assert contrast_ratio(better, WHITE) >= needed, (colour, better)
    assert darker_passing("#777777", 4.5) == "#767676"  # the closest shade, not just any dark one
    assert darker_passing("#1d4f91", 4.5) == "#1d4f91"


def test_shown_ratio_never_rounds_up_to_a_pass():
    assert shown(4.4999) == "4.49"
    assert shown(21.0) == "21.00"


def test_example_schools_pass():
    for path in sorted((ROOT / "data" / "schools").glob("*.yml")):
        colours = read_school(path).data.school.colours
        assert contrast_ratio(colours.primary, WHITE) >= 4.5, path.name
        assert contrast_ratio(colours.accent, WHITE) >= 3.0, path.name


# --- the real CLI on a copy of the project --------------------------------------------------------

@pytest.fixture()
def project(tmp_path) -> Path:
    return copy_project(tmp_path, schools=[])


def check_with(project: Path, primary: str = "#1d4f91", accent: str = "#1d4f91"):
    text = SCHOOL.replace('primary: "#1d4f91"', f'primary: "{primary}"')
    text = text.replace('accent: "#1d4f91"', f'accent: "{accent}"')
    (project / "data" / "schools" / "test-school.yml").write_text(text, encoding="utf-8")
    return run_cli("check", cwd=project)


def located(stderr: str, field: str) -> str:
    lines = [line for line in stderr.splitlines() if f" {field}: " in line]
    assert len(lines) == 1, stderr
    return lines[0]


def test_the_good_colours_pass(project):
    result = check_with(project)
    assert result.returncode == 0, result.stderr


def test_light_primary_is_a_located_error_with_a_passing_suggestion(project):
    result = check_with(project, primary="#4a90e2")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    line = located(result.stderr, "school.colours.primary")
    assert re.match(rf"data/schools/test-school.yml:{PRIMARY_LINE}:\d+: school.colours.primary: ", line), line
    assert "3.29:1" in line and "4.5:1" in line, line
    suggestion, ratio = SUGGESTION.search(line).groups()
    assert contrast_ratio(suggestion, WHITE) >= 4.5 and float(ratio) >= 4.5
    again = check_with(project, primary=suggestion)
    assert again.returncode == 0, again.stderr


def test_borderline_grey_fails(project):
    line = located(check_with(project, primary="#777777").stderr, "school.colours.primary")
    assert "4.47:1" in line and "'#767676'" in line, line


def test_light_accent_needs_3_to_1(project):
    result = check_with(project, accent="#ffcc00")
    assert result.returncode == 2
    line = located(result.stderr, "school.colours.accent")
    assert line.startswith(f"data/schools/test-school.yml:{ACCENT_LINE}:"), line
    assert "1.51:1" in line and "3:1" in line, line
    suggestion, _ = SUGGESTION.search(line).groups()
    assert check_with(project, accent=suggestion).returncode == 0
    # 3:1 is enough for the accent: a shade between 3:1 and 4.5:1 passes there, but not as primary.
    assert check_with(project, accent="#808080").returncode == 0
    assert check_with(project, primary="#808080").returncode == 2


def test_a_colour_that_is_not_hex_is_located(project):
    result = check_with(project, primary="#12345g")
    assert result.returncode == 2
    line = located(result.stderr, "school.colours.primary")
    assert line.startswith(f"data/schools/test-school.yml:{PRIMARY_LINE}:") and "six hex digits" in line, line
