"""PolicyDocument -> a self-contained docs tree: the contract between the generator and a site engine.

build/<slug>/ holds everything a site engine needs, with relative paths only:
mkdocs.yml (which INHERITs base.yml, a copy of the project's mkdocs.yml),
overrides/ (a copy of the project's theme overrides) and docs/ (the pages,
the school's stylesheet and logo, the PDFs, clauses.json, changes.json and
downloads.json). An engine that reads mkdocs.yml (MkDocs with Material,
ProperDocs, Zensical) builds the site from that folder alone, into its `site/`.

Text in the tree is already safe: school data reaches pages escaped
(resolve/templating.data_text, data_markdown), links in pages are checked
(writers/safe_pages.py) and the text of the config (the site name, the nav
titles, the footer's facts) is HTML-escaped here, so no engine needs a plugin
to publish it safely. What differs by engine is in writers/site/engine.py.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from generator.errors import LibraryError
from generator.markup.words import data_text, long_date
from generator.model.changes import version_label
from generator.model.document import PolicyDocument
from generator.project import Project
from generator.resolve.links import pack_file, page_link
from generator.resolve.resolver import pupil_place
from generator.resolve.templating import Renderer
from generator.writers.logo import favicon_png, header_png, own_pictures
from generator.writers.pdf.downloads import Download, PlannedPdf, fill_in_pdfs, plan_pdfs, write_stand_ins
from generator.writers.site.safe_pages import safe_links, tree_text
from generator.writers.site.tables import wrap_tables

# The logo as published: re-encoded copies (writers/logo.py), never the school's own file.
LOGO_FILE = "assets/logo.png"
TRUST_LOGO_FILE = "assets/trust-logo.png"  # an academy's trust's, beside the trust's name above the header
FAVICON_FILE = "assets/favicon.png"

# page path in docs/ -> template in content/site/
PAGES = {
    "index.md": "home.md.j2",
    "policy.md": "policy.md.j2",
    "parents/index.md": "parents.md.j2",
    "downloads.md": "downloads.md.j2",
    "accessibility.md": "accessibility.md.j2",
    "pupils.md": "pupils.md.j2",  # only for a school publishing an online safety or social media policy
}
PUPIL_KINDS = ("online-safety", "social-media")  # the kinds of policy that have a pupils' page (issue 21)


@dataclass(frozen=True)
class DocsTree:
    folder: Path  # holds mkdocs.yml and docs/
    config: Path


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_page(path: Path, markdown: str) -> None:
    """A page of the site: only safe links (writers/safe_pages.py), its tables in scroll boxes of
    their own (writers/tables.py)."""
    write_text(path, wrap_tables(safe_links(markdown)))


def opening(text: str) -> Markup:
    """A clause's first sentence, as school text (a replaced clause speaks in the school's words)."""
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return data_text(first)


def clause_summary(doc: PolicyDocument) -> dict[str, dict[str, Any]]:
    """What a page needs to point at a clause: its number, anchor, whose words, and its opening."""
    return {c.id: {"number": c.number, "anchor": c.anchor, "source": c.source, "opening": opening(c.text)}
            for c in doc.clauses()}


def render_page(doc: PolicyDocument, renderer: Renderer, library_pages: dict[str, str], page: str,
                template_page: str | None = None) -> str:
    name = PAGES[template_page or page]
    if name not in library_pages:
        raise LibraryError(f"content/site/{name} is missing: every school's {page} is written from it")
    return renderer.render(library_pages[name], f"content/site/{name}", document=doc, page=page_link(page),
                           sections=doc.sections, guides=doc.guides, summary=clause_summary(doc),
                           Markup=Markup).strip() + "\n"


def own_pack(extra: dict[str, Any], doc: PolicyDocument) -> dict[str, Any]:
    """A policy page lists only its own kind's pack among the downloads."""
    if not doc.further and doc.page == "policy.md":
        return extra
    path = pack_file(doc.kind, doc.school.policy.kind_list)
    return extra | {"downloads": [d for d in extra.get("downloads", []) if d["kind"] != "pack" or d["href"] == path]}


def pupil_policy(doc: PolicyDocument) -> PolicyDocument | None:
    """The school's first policy of a kind that has a pupils' page, or None when it publishes none."""
    if doc.school.policy.audience == "staff":  # a staff policy has no page for pupils or parents
        return None
    return next((d for d in (doc, *doc.further) if d.kind in PUPIL_KINDS), None)


def pupil_page(doc: PolicyDocument) -> dict[str, Any]:
    """What the pupils' page says: the `pupil:` lines of every policy of those kinds, each rule once
    (a school's phone rule is in its social media and its online safety policy alike)."""
    source = pupil_policy(doc)
    if source is None:
        return {"pupil_page": False}
    lines: dict[str, str] = {}
    for one in (doc, *doc.further):
        if one.kind in PUPIL_KINDS:
            lines |= {line.rule: line.text for line in one.pupil_lines if line.rule not in lines}
    return {"pupil_page": True, "pupil_lines": list(lines.values()), "place": pupil_place(doc.context),
            "pupil_policy": {"title": source.title, "page": source.page.removesuffix(".md")}}


def write_pages(doc: PolicyDocument, docs: Path, library_pages: dict[str, str], extra: dict[str, Any]) -> None:
    extra = extra | pupil_page(doc)
    renderer = Renderer(doc.context | extra)
    for page in published_pages(doc):
        page_renderer = Renderer(doc.context | own_pack(extra, doc)) if page == "policy.md" else renderer
        write_page(docs / page, render_page(doc, page_renderer, library_pages, page))
    for further in doc.further:  # each further kind of policy: its own numbered page
        kind_renderer = Renderer(further.context | own_pack(extra, further))
        write_page(docs / further.page, render_page(further, kind_renderer, library_pages, further.page, "policy.md"))
    for guide in doc.guides:
        write_page(docs / "guides" / f"{guide.guide.id}.md", guide.markdown)
    for form in doc.forms:
        write_page(docs / "forms" / f"{form.id}.md", form.markdown)


def write_pictures(doc: PolicyDocument, content: Path, docs: Path) -> None:
    """The pictures the forms show (content/forms/pictures/), beside the pages, as drawn."""
    files = sorted({p.file for f in doc.forms for s in f.fields.sections for p in s.pictures})
    for name in files:
        source = content / "forms" / "pictures" / str(name)
        target = docs / "assets" / "pictures" / str(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())


def school_stylesheet(doc: PolicyDocument) -> str:
    """The school's colours as Material's CSS variables (checked for contrast by `check`)."""
    colours = doc.school.school.colours
    return (":root {\n"
            f"  --md-primary-fg-color: {colours.primary};\n"
            f"  --md-primary-fg-color--dark: {colours.primary};\n"
            f"  --md-accent-fg-color: {colours.accent};\n"
            f"  --md-typeset-a-color: {colours.primary};\n"
            "}\n")


def published_pages(doc: PolicyDocument) -> list[str]:
    """The site's pages: a staff policy (policy.audience: staff) has no parents' page, and a school
    that publishes no policy of a kind with a pupils' page has none."""
    return [p for p in PAGES if not (p == "parents/index.md" and doc.school.policy.audience == "staff")
            and not (p == "pupils.md" and pupil_policy(doc) is None)]


def nav(doc: PolicyDocument) -> list[dict[str, Any]]:
    guides = [{tree_text(g.guide.title): f"guides/{g.guide.id}.md"} for g in doc.guides]
    policies = [{"The policy": "policy.md"}] if not doc.further else \
        [{tree_text(doc.title): "policy.md"}, *[{tree_text(f.title): f.page} for f in doc.further]]
    pupils = [{tree_text(f"For {doc.context['terms']['pupils']}"): "pupils.md"}] if pupil_policy(doc) else []
    parents = ([{"Parents and carers": ["parents/index.md", *guides]}] if "parents/index.md" in published_pages(doc)
               else [{"Guides for parents and carers": guides}] if guides else [])
    return [
        {"Home": "index.md"},
        *policies,
        *pupils,
        *parents,
        {"Forms and downloads": ["downloads.md", *[{tree_text(f.title): f"forms/{f.id}.md"} for f in doc.listed_forms()]]},
        {"Accessibility": "accessibility.md"},
    ]


# For a site opened as files (USB stick, shared drive): links to page.html files, and
# no search, which needs a web server. The search plugin switched off rather than left out:
# Zensical would otherwise keep a search button that cannot work.
OFFLINE = {"use_directory_urls": False, "plugins": [{"search": {"enabled": False}}]}
BASE_CONFIG = "base.yml"  # the project's mkdocs.yml, copied into the tree
OVERRIDES = "overrides"
SITE_DIR = "site"  # where an engine run in the tree writes the site


def site_config(doc: PolicyDocument, offline: bool = False) -> dict[str, Any]:
    school = doc.school.school
    config: dict[str, Any] = {
        "INHERIT": BASE_CONFIG,
        # Escaped here, once: themes print the site name as it is (writers/site/engine.py says how
        # MkDocs keeps its few `| e` from escaping it twice).
        "site_name": tree_text(f"{school.name}: {doc.title}"),
        "docs_dir": "docs",
        "site_dir": SITE_DIR,
        # variant: Zensical's classic look (the school's colour in the header); Material ignores it.
        "theme": {"name": "material", "custom_dir": OVERRIDES, "language": "en", "variant": "classic"},
        "extra_css": ["assets/stylesheets/schoolpolicy.css", "assets/school.css"],
        "extra_javascript": ["assets/javascripts/schoolpolicy.js"],
        "nav": nav(doc),
        "extra": {"school": {key: tree_text(value) for key, value in {
            "name": school.name, "short_name": school.short_name, "policy_title": doc.title,
            "version": version_label(doc.school.governance.version, doc.approval),
            "last_reviewed": long_date(doc.school.governance.last_reviewed or doc.school.governance.approved),
            "next_review": long_date(doc.next_review),
            "website": school.website or "",
        }.items()}},
    }
    if offline:
        config.update(OFFLINE)
    elif school.site_url:
        config["site_url"] = school.site_url
    if school.logo:
        config["theme"]["logo"] = LOGO_FILE
        config["theme"]["favicon"] = FAVICON_FILE
    trust = doc.school.trust
    if trust:  # overrides/main.html shows the academy's trust above the header on every page
        config["extra"]["school"]["trust"] = tree_text(trust.name)
        if doc.pictures.trust_logo:  # the academy shows its own logo and, beside the trust's name, the trust's
            config["extra"]["school"]["trust_logo"] = TRUST_LOGO_FILE
    return config


def copy_engine_files(project: Project, folder: Path) -> None:
    """The base configuration and the theme overrides, so the tree needs nothing outside itself."""
    shutil.copyfile(project.base_config, folder / BASE_CONFIG)
    shutil.copytree(project.overrides, folder / OVERRIDES, dirs_exist_ok=True)


def write_logos(doc: PolicyDocument, docs: Path) -> None:
    """The logos and own pictures check read (doc.pictures), re-encoded: no school file is read here.
    Each kind's page is in this tree, so each kind's own clauses' pictures are."""
    for path, data in {k: v for one in (doc, *doc.further) for k, v in own_pictures(one).items()}.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_bytes(data)
    trust = doc.pictures.trust_logo
    if trust:
        (docs / TRUST_LOGO_FILE).parent.mkdir(parents=True, exist_ok=True)
        (docs / TRUST_LOGO_FILE).write_bytes(header_png(trust))
    logo = doc.pictures.logo
    if logo is None:
        return
    (docs / LOGO_FILE).parent.mkdir(parents=True, exist_ok=True)
    (docs / LOGO_FILE).write_bytes(header_png(logo))
    (docs / FAVICON_FILE).write_bytes(favicon_png(logo))


def render_here(planned: list[PlannedPdf]) -> list[bytes]:
    from generator.writers.pdf.engine import render_job  # only when asked: `check` never loads the engine

    return [render_job(p.job) for p in planned]


def write_docs_tree(doc: PolicyDocument, project: Project, library_pages: dict[str, str], folder: Path,
                    site_dir: Path, offline: bool = False,
                    planned: list[PlannedPdf] | None = None) -> tuple[DocsTree, list[Download]]:
    """Write into `folder`, which the caller empties (only when it is ours: see generator/output.py).

    The tree names no outside path: `site_dir`, where this build will put the site, is given to the
    engine when it runs (writers/site/engine.py); run by hand in the tree, an engine writes its site/.

    Given the `planned` PDFs (as a build does), the tree holds an empty stand-in for each and a mark
    for its size on the downloads page, so the site engine need not wait for the renders;
    `fill_in_pdfs` puts them in afterwards, and the downloads returned are none yet. Without, the
    PDFs are rendered here, one after another, and put in the tree."""
    docs, here = folder / "docs", planned is None
    if planned is None:
        planned = plan_pdfs(doc, project)
    write_stand_ins(planned, docs)
    listed = [{"kind": p.kind, "id": p.id, "title": p.title, "href": p.job.path, "purpose": Markup(p.purpose),
               "size": p.size_mark, "audience": p.audience} for p in planned if p.listed]
    write_pages(doc, docs, library_pages, {"downloads": listed})
    write_pictures(doc, project.content, docs)
    write_text(docs / "assets" / "school.css", school_stylesheet(doc))
    write_logos(doc, docs)
    copy_engine_files(project, folder)
    config = folder / "mkdocs.yml"
    write_text(config, yaml.safe_dump(site_config(doc, offline), sort_keys=False, allow_unicode=True))
    downloads = fill_in_pdfs(planned, render_here(planned), [docs]) if here else []
    return DocsTree(folder, config), downloads
