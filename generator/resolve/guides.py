"""Parent guides: the guide's own text plus facts from reference data, rendered once."""
from __future__ import annotations

import datetime as dt
from typing import Any

from generator.markup.markdown import published_html
from generator.model.document import GuidePage, MinimumAge, Panel, Sheet
from generator.readers.library import Guide, Picture
from generator.readers.reference import Platform, in_force
from generator.resolve.links import handout_file, page_link, sheet_file
from generator.resolve.shown import entry_of
from generator.resolve.templating import Renderer, render_tree


def newest_check(platform: Platform | None) -> dt.date | None:
    if platform is None:
        return None
    dates = [in_force(platform.minimum_age).checked] + [in_force(f).checked for f in platform.links.values()]
    return max(dates + [f.checked for f in platform.feature_ages])


def sheet(guide: Guide, glance: dict[str, Any], pictures: dict[str, Picture], platform: Platform | None) -> Sheet:
    """The rendered at-a-glance box with a picture for each item (the reader checked they exist)."""
    def panels(key: str) -> tuple[Panel, ...]:
        names = getattr(guide.glance.pictures, key)
        return tuple(Panel(str(text), name, pictures[name].alt) for text, name in zip(glance[key], names, strict=True))

    age = None
    if platform is not None:
        minimum = in_force(platform.minimum_age)
        age = MinimumAge(minimum.value, minimum.known)
    return Sheet(str(glance["what_it_is"]), panels("watch_for"), panels("settings"), age, platform is None)


def render_guide(guide: Guide, context: dict[str, Any], renderer: Renderer, template: str,
                 pictures: dict[str, Picture]) -> GuidePage:
    current = f"guides/{guide.id}.md"
    platform = context["platforms"].get(guide.platform) if guide.platform else None
    extra = {"platform": platform, "page": page_link(current)}
    fields = render_tree(guide.model_dump(exclude={"id", "platform"}), renderer, f"content/guides/{guide.id}.yml", extra)
    checked = newest_check(entry_of(platform))
    body = renderer.render(template, "content/site/guide.md.j2", guide=fields, guide_id=guide.id,
                           checked=checked, pdf="../" + handout_file(guide.id),
                           sheet_pdf="../" + sheet_file(guide.id), **extra)
    markdown = body.strip() + "\n"
    return GuidePage(guide, markdown, checked, sheet(guide, fields["glance"], pictures, entry_of(platform)), published_html(markdown))


def render_guides(context: dict[str, Any], renderer: Renderer, template: str,
                  pictures: dict[str, Picture]) -> tuple[GuidePage, ...]:
    return tuple(render_guide(g, context, renderer, template, pictures) for g in context["guide_list"])
