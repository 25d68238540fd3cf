"""The published copies of a school's logo: re-encoded, scaled down, with no metadata.

The original file is never published: a picture can carry metadata (a phone's
location, an editor's comments) or bytes that are not part of the image. Each
copy is a fresh PNG of the decoded pixels with fixed settings, so the same
logo gives the same bytes on every machine (Pillow is pinned).
"""
from __future__ import annotations

import io

from PIL import Image, ImageOps

from generator.model.document import PolicyDocument
from generator.readers.logo import Logo
from generator.resolve.links import picture_file

HEADER_HEIGHT = 200  # px: the site header shows it at 24-48 px, so this is sharp on any screen
FAVICON_SIDE = 48
COVER_SIDE = 600  # px: 45 mm on the pack cover at about 340 dpi


def _pixels(logo: Logo) -> Image.Image:
    """The decoded picture, upright, as plain RGBA pixels with no info or profile attached."""
    with Image.open(io.BytesIO(logo.data)) as image:
        upright = ImageOps.exif_transpose(image).convert("RGBA")
    return Image.frombytes("RGBA", upright.size, upright.tobytes())


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=9)
    return out.getvalue()


def scaled(logo: Logo, width: int, height: int) -> Image.Image:
    image = _pixels(logo)
    image.thumbnail((width, height), Image.Resampling.LANCZOS)  # shrinks only, keeps the shape
    return image


def header_png(logo: Logo) -> bytes:
    return _png(scaled(logo, HEADER_HEIGHT * 4, HEADER_HEIGHT))


def cover_png(logo: Logo) -> bytes:
    return _png(scaled(logo, COVER_SIDE, COVER_SIDE))


PICTURE_SIDE = 1600  # px: a flow chart in a clause, sharp across a page of A4 or a wide screen


def picture_png(picture: Logo) -> bytes:
    """A school's own picture (a flow chart in a clause), re-encoded like the logo."""
    return _png(scaled(picture, PICTURE_SIDE, PICTURE_SIDE))


def favicon_png(logo: Logo) -> bytes:
    """A square icon: the logo centred on a transparent square."""
    image = scaled(logo, FAVICON_SIDE, FAVICON_SIDE)
    square = Image.new("RGBA", (FAVICON_SIDE, FAVICON_SIDE), (0, 0, 0, 0))
    square.paste(image, ((FAVICON_SIDE - image.width) // 2, (FAVICON_SIDE - image.height) // 2))
    return _png(square)


def own_pictures(doc: PolicyDocument) -> dict[str, bytes]:
    """The pictures of the school's own clauses in this policy, as check read them (doc.pictures),
    re-encoded, by their path in the docs folder (resolve/links.picture_file)."""
    held = {c.id for c in doc.clauses()}
    return {picture_file(own.id): picture_png(doc.pictures.own[own.picture.file])
            for own in doc.school.clauses.add if own.picture and own.id in held}
