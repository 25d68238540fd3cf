"""The school's logo (`school.logo`): a real picture file inside the project's data/ folder.

Only PNG, JPEG and WebP are accepted, and only after Pillow has decoded the
whole image, so an HTML page, a stylesheet or another school's file renamed to
.png is refused. The file is never published as it is: writers/logo.py
re-encodes it (see there).
"""
from __future__ import annotations

import hashlib
import io
import json
import stat
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import FORMAT, digest, in_this_process

if TYPE_CHECKING:
    from generator.readers.school import School

FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP"}
MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
WHERE = "put the picture in data/schools/logos/ and write e.g. logo: data/schools/logos/my-school.png"
# The same checks for a picture in a school's own clause (a flow chart): clauses.add[].picture.file
PICTURE_WHERE = "put the picture in data/schools/pictures/ and write e.g. file: data/schools/pictures/flow-chart.png"


class LogoError(ValueError):
    """What is wrong with a logo, said so the school can fix it."""


@dataclass(frozen=True)
class Logo:
    """The picture as read, once: the site and the pack re-encode these bytes (writers/logo.py)."""

    data: bytes
    format: str
    size: tuple[int, int]


def inside_data(root: Path, given: str, where: str = WHERE) -> Path:
    """The file a logo path names, refusing symlinks and anything outside data/."""
    if Path(given).is_absolute() or ".." in Path(given).parts:
        raise LogoError(f"'{given}' is outside the project's data/ folder; {where}")
    path = root / given
    for part in [path, *path.parents]:  # before resolving: a link is refused wherever it points
        if part == root:
            break
        if part.is_symlink():
            raise LogoError(f"'{part.relative_to(root)}' is a symbolic link; copy the picture itself into "
                            f"{where.split()[4]} instead")
    if not path.resolve().is_relative_to((root / "data").resolve()):
        raise LogoError(f"'{given}' is outside the project's data/ folder; {where}")
    return path


def regular_file(path: Path, given: str, where: str = WHERE, noun: str = "a logo") -> int:
    """The file's size, if it is an ordinary file (not a folder, device or pipe)."""
    try:
        info = path.lstat()
    except OSError:
        raise LogoError(f"no file at '{given}'; the path is relative to the project folder") from None
    if not stat.S_ISREG(info.st_mode):
        raise LogoError(f"'{given}' is not an ordinary file; {where}")
    if info.st_size > MAX_BYTES:
        raise LogoError(f"'{given}' is {info.st_size:,} bytes; {noun} may be at most 2 MB ({MAX_BYTES:,} bytes). "
                        "Save a smaller copy (a few hundred pixels tall is plenty)")
    return info.st_size


def _looks_like_svg(path: Path, data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return path.suffix.lower() in (".svg", ".svgz") or head.startswith((b"<?xml", b"<svg"))


def one_of(formats: dict[str, str]) -> str:
    """'PNG, JPEG or WebP'"""
    names = list(formats.values())
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def within_limits(given: str, kind: str, width: int, height: int, formats: dict[str, str] = FORMATS,
                  noun: str = "a logo") -> None:
    if kind not in formats:
        raise LogoError(f"'{given}' is a {kind} picture; use {one_of(formats)}")
    if max(width, height) > MAX_SIDE:
        raise LogoError(f"'{given}' is {width} x {height} pixels; {noun} may be at most "
                        f"{MAX_SIDE} pixels on a side. Save a smaller copy")


def decoded(data: bytes, given: str, formats: dict[str, str] = FORMATS, noun: str = "a logo") -> Logo:
    """Open and fully decode the picture, within the size limits (checked before decoding). A picture
    that decoded well before is known by its bytes in the build cache, so `check` after an edit
    neither loads Pillow nor decodes an unchanged logo again."""
    kept = _kept(data, formats)
    if kept is not None:
        kind, (width, height) = kept
        within_limits(given, kind, width, height, formats, noun)
        return Logo(data, formats[kind], (width, height))
    from PIL import Image, ImageFile, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image, _LOADING:
            kind, (width, height) = image.format or "", image.size
            within_limits(given, kind, width, height, formats, noun)
            # WeasyPrint, once imported, tells Pillow to accept cut-off pictures (a process-wide switch):
            # a logo must be whole, so it is decoded with the switch off, as Pillow's default is.
            accepting, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
            try:
                image.load()  # decodes every pixel: a damaged or disguised file fails here
            finally:
                ImageFile.LOAD_TRUNCATED_IMAGES = accepting
    except LogoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise LogoError(f"'{given}' is not a {one_of(formats)} picture that can be read; "
                        "open it in an image editor and save it as PNG") from None
    _keep(data, formats, kind, (width, height))
    return Logo(data, formats[kind], (width, height))


_LOADING = threading.Lock()  # the switch above is Pillow's, for the whole process
KIND = "picture"  # build-cache entries: a picture's bytes decoded well, as this kind and size


def _key(data: bytes, formats: dict[str, str]) -> str:
    import PIL  # the package only (its version), not its decoders

    return digest(KIND, FORMAT, PIL.__version__, ",".join(formats), data)


def _kept(data: bytes, formats: dict[str, str]) -> tuple[str, tuple[int, int]] | None:
    """The kind and size of a picture with these bytes that decoded well before, from the build cache."""
    cache = in_this_process()
    if cache is None:
        return None
    key = _key(data, formats)
    entry = cache.read(KIND, key, ".json")
    if entry is None:
        return None
    try:
        kind, width, height = json.loads(entry)
    except (ValueError, TypeError):
        kind = width = height = None
    if kind in formats and all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in (width, height)):
        return kind, (width, height)
    cache.discard(KIND, key, ".json")  # not an entry this tool wrote: decode afresh
    return None


def _keep(data: bytes, formats: dict[str, str], kind: str, size: tuple[int, int]) -> None:
    cache = in_this_process()
    if cache is not None:
        cache.write(KIND, _key(data, formats), ".json", json.dumps([kind, *size]).encode("ascii"))


def read_bytes(path: Path, given: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise LogoError(f"'{given}' cannot be read; check that the file is there and readable") from None


class Decoded:
    """The pictures one build has decoded, by file and content: several academies showing their trust's
    logo decode it once. Keyed by the file's path, its bytes' hash and the path as written (the messages
    quote it), so a file changed since is decoded again."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str, str, str], Logo | LogoError] = {}

    def __call__(self, path: Path, data: bytes, given: str, formats: dict[str, str], noun: str) -> Logo:
        key = (str(path.resolve()), hashlib.sha256(data).hexdigest(), given, noun)
        found = self._found.get(key)
        if found is None:
            try:
                found = decoded(data, given, formats, noun)
            except LogoError as exc:
                found = exc
            self._found[key] = found
        if isinstance(found, LogoError):
            raise found
        return found


def decode(path: Path, data: bytes, given: str, formats: dict[str, str], noun: str, seen: Decoded | None) -> Logo:
    return seen(path, data, given, formats, noun) if seen is not None else decoded(data, given, formats, noun)


def read_logo(root: Path, given: str, seen: Decoded | None = None) -> Logo:
    """The checked logo, or LogoError saying what to do."""
    path = inside_data(root.resolve(), given)
    regular_file(path, given)
    data = read_bytes(path, given)
    if _looks_like_svg(path, data):
        raise LogoError(f"'{given}' is an SVG drawing, which can carry scripts and is not accepted; "
                        "export it as a PNG (e.g. 400 pixels tall) and point school.logo at the PNG")
    return decode(path, data, given, FORMATS, "a logo", seen)


def logo_of(root: Path, given: str | None, seen: Decoded | None = None) -> Logo | LogoError | None:
    """A school's logo read once for the whole build: the picture, what is wrong with it, or None
    when the school gives none (`check` reports the error with its line)."""
    if not given:
        return None
    try:
        return read_logo(root, given, seen)
    except LogoError as exc:
        return exc


PICTURE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG"}  # a flow chart or diagram in a school's own clause


def read_picture(root: Path, given: str, seen: Decoded | None = None) -> Logo:
    """A picture for a school's own clause, checked as a logo is (inside data/, no links, real PNG or JPEG,
    at most 2 MB and 4000 pixels a side), or LogoError saying what to do."""
    path = inside_data(root.resolve(), given, PICTURE_WHERE)
    regular_file(path, given, PICTURE_WHERE, "a picture")
    data = read_bytes(path, given)
    if _looks_like_svg(path, data):
        raise LogoError(f"'{given}' is an SVG drawing, which can carry scripts and is not accepted; "
                        "export it as a PNG and point file: at the PNG")
    return decode(path, data, given, PICTURE_FORMATS, "a picture", seen)


@dataclass(frozen=True)
class Pictures:
    """Every picture a school's policy shows, read from disk and decoded once (as check found them):
    the writers re-encode these bytes (writers/logo.py) and read no school file themselves."""

    logo: Logo | None = None  # school.logo
    trust_logo: Logo | None = None  # trust.logo, when it is not the school's own file (which `logo` is)
    own: Mapping[str, Logo] = field(default_factory=dict)  # clauses.add[].picture.file -> it


@dataclass(frozen=True)
class PicturesRead:
    """The pictures a school's file names, each read once: the picture, or what is wrong with it (check
    reports that with its line), or None when the file names none."""

    logo: Logo | LogoError | None = None
    trust_logo: Logo | LogoError | None = None
    own: Mapping[str, Logo | LogoError] = field(default_factory=dict)

    def usable(self) -> Pictures:
        """The pictures that were read well (after check, that is every one)."""
        return Pictures(None if isinstance(self.logo, LogoError) else self.logo,
                        None if isinstance(self.trust_logo, LogoError) else self.trust_logo,
                        {path: found for path, found in self.own.items() if not isinstance(found, LogoError)})


def _picture_of(root: Path, given: str, seen: Decoded | None) -> Logo | LogoError:
    try:
        return read_picture(root, given, seen)
    except LogoError as exc:
        return exc


def pictures_of(root: Path, school: School, seen: Decoded | None = None) -> PicturesRead:
    """The school's logo, its trust's (when another file) and its own clauses' pictures, each read once
    for the whole build; `seen`: the build's pictures decoded so far (a trust's logo, once per trust)."""
    trust = school.trust
    trust_logo = trust.logo if trust and trust.logo and trust.logo != school.school.logo else None
    own = {c.picture.file: _picture_of(root, c.picture.file, seen) for c in school.clauses.add if c.picture}
    return PicturesRead(logo_of(root, school.school.logo, seen), logo_of(root, trust_logo, seen), own)
