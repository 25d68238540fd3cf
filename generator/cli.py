"""`schoolpolicy check | build | clauses | new | approve | serve | facts`: acts on the project in the current folder."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import signal
import sys
import threading

from generator.build import Publish, check_all, published_slugs, trust_members
from generator.cache import damage_warning
from generator.errors import Problem, SchoolPolicyError, UsageError
from generator.faults import fault
from generator.output import bad_character
from generator.project import Project, check_slug, shown
from generator.readers.text import EARLIEST, LATEST, MAX_ADDRESS
from generator.starter import (NATIONS, PHASES, POLICY_KINDS, TYPES, write_academy_starter, write_starter,
                               write_trust_starter)
# Each command imports what only it uses (building, approving, listing) where it runs, so `check`,
# the command run after every edit, loads no more than checking needs.


def say(message: str) -> None:
    print(message, flush=True)


def report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def chosen_slugs(project: Project, args: argparse.Namespace) -> list[str]:
    """The slugs given, plus every academy of --trust when given."""
    return args.slugs + (trust_members(project, args.trust) if getattr(args, "trust", None) else [])


def cmd_check(args: argparse.Namespace) -> int:
    project = Project.find()
    checked = check_all(project, chosen_slugs(project, args), args.date, cache=True)
    report(checked.warnings)
    for document in checked.documents:
        say(f"ok: data/schools/{document.slug}.yml ({len(document.clauses())} clauses, {len(document.guides)} guides)")
    return 0


SITE_URL = re.compile(r"^https?://[^\s<>\"']+$")


def publishing(project: Project, args: argparse.Namespace) -> tuple[list[str], Publish | None]:
    """The schools to build and where they will be published (--publish, --site-url)."""
    given = "--site-url" if args.site_url_given else "$SCHOOLPOLICY_SITE_URL"
    char = bad_character(args.site_url or "")  # an argument is checked so by check_arguments; so is the variable
    if char:
        raise UsageError(f"{given} contains the character {char}: write the address without it")
    if args.site_url and len(args.site_url) > MAX_ADDRESS:
        raise UsageError(f"{given} is {len(args.site_url):,} characters long; a web address is at most "
                         f"{MAX_ADDRESS:,} characters: give the site's address")
    if args.site_url and not SITE_URL.match(args.site_url):
        raise UsageError(f"{given} '{shown(args.site_url[:80])}' is not a web address; write it in full, starting "
                         "with https:// (in GitHub Actions it comes from actions/configure-pages)")
    if not args.publish:
        return args.slugs, Publish(args.site_url) if args.site_url else None
    if args.slugs:
        raise UsageError("build --publish chooses the schools itself (every school that is not an example, "
                         "or the examples while there are no others): leave out the school names")
    slugs = published_slugs(project)
    return slugs, Publish(args.site_url, one_at_root=len(slugs) == 1)


def cmd_build(args: argparse.Namespace) -> int:
    args.site_url_given = args.site_url is not None
    if args.site_url is None:
        args.site_url = os.environ.get("SCHOOLPOLICY_SITE_URL") or None
    project = Project.find()
    from generator.build import build
    from generator.output import output_folder
    from generator.parallel import default_jobs
    from generator.pipeline import BuildOptions

    out = output_folder(args.out or project.default_out, project)  # refused before any checking or writing
    slugs, publish = publishing(project, args)
    if args.trust and args.publish:
        raise UsageError("build --publish chooses the schools itself: leave out --trust")
    slugs = slugs + (trust_members(project, check_slug(args.trust, "trust")) if args.trust else [])
    options = BuildOptions(jobs=args.jobs or default_jobs(), cache=not args.no_cache, quiet=args.quiet, engine=args.engine)
    checked = build(project, slugs, out, say, args.date, offline=args.offline, publish=publish,
                    options=options)
    report(checked.warnings)
    shown = project.display(out)
    if args.quiet:
        return 0
    if publish and publish.one_at_root:
        say(f"Built the {checked.documents[0].slug} site into {shown}/, ready to publish as it is.")
    else:
        say(f"Built {len(checked.documents)} school site(s) into {shown}/ (each school is {shown}/<slug>/).")
    one = checked.documents[0].slug if len(checked.documents) == 1 else "<slug>"
    say(f"Open {shown}/index.html in a browser." if args.offline else
        f"To look at it, run: schoolpolicy serve {one}")
    return 0


def cmd_clauses(args: argparse.Namespace) -> int:
    checked = check_all(Project.find(), [args.slug], dt.date.today(), cache=True)
    report(checked.warnings)
    from generator.writers.clause_list import ClauseFilter, clause_list

    wanted = ClauseFilter(section=args.section, search=args.search, show_left_out=args.all)
    for line in clause_list(checked.documents[0], wanted):
        say(line)
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    from generator.readers.reference import read_reference_files
    from generator.writers.fact_list import fact_report

    for line in fact_report(read_reference_files(Project.find().root / "content" / "reference"), args.date, args.all):
        say(line)
    return 0


def cmd_choices(args: argparse.Namespace) -> int:
    checked = check_all(Project.find(), [check_slug(args.slug)], dt.date.today(), cache=True)
    report(checked.warnings)
    document = checked.documents[0]
    from generator.resolve.choices import choice_listing

    for line in choice_listing(checked.shared.library, document.school, document.context["choices"],
                               document.context["numbers"], {o.id: o.reason for o in document.left_out}):
        say(line)
    return 0


TYPE_PHASE = {"early-years-setting": "nursery", "college": "secondary"}  # `new --type` without --phase


def kind_words(phase: str, school_type: str) -> str:
    """'a primary school', 'a nursery', 'a secondary academy', 'an independent nursery', 'an early years
    setting': each word once, whatever the phase and type."""
    if school_type in ("early-years-setting", "college"):
        return {"early-years-setting": "an early years setting", "college": "a college"}[school_type]
    place = "nursery" if phase == "nursery" else "school"
    stage = "" if phase == "nursery" or (phase == "special" and school_type in ("maintained", "special")) else f"{phase} "
    words = {"academy": f"{stage}academy" if phase != "nursery" else "nursery academy",
             "free-school": f"{stage}free school" if phase != "nursery" else "nursery free school",
             "independent": f"independent {stage}{place}",
             "special": f"special {place}" if phase in ("nursery", "special") else f"{stage}special school",
             }.get(school_type, f"{stage}{place}" if phase != "special" else "special school")
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"


def cmd_new(args: argparse.Namespace) -> int:
    project = Project.find()
    if args.trust_file:
        if args.slug or args.trust or args.phase:
            raise UsageError("new --trust-file TRUST writes a trust's shared file: leave out the school's slug, "
                             "--trust and --phase (each academy's own file gives those)")
        args.slug = check_slug(args.trust_file, "trust")
        nation = args.jurisdiction or "england"
        path = project.display(write_trust_starter(project, args.slug, args.name, jurisdiction=nation,
                                                   school_type=args.type or ("academy" if nation == "england"
                                                                             else "maintained")))
        say(f"Wrote {path}, the file {args.name} shares with its academies. Add each academy with: "
            f"schoolpolicy new SLUG --trust {args.slug} --name \"...\" --phase primary; then run: "
            f"schoolpolicy check --trust {args.slug}")
        return 0
    if not args.slug:
        raise UsageError("give the new school's slug: schoolpolicy new SLUG --name \"...\" "
                         "(or a trust's file: schoolpolicy new --trust-file TRUST --name \"...\")")
    if args.trust:
        path = project.display(write_academy_starter(project, check_slug(args.slug), args.name,
                                                     check_slug(args.trust, "trust"), phase=args.phase or "primary",
                                                     school_type=args.type, jurisdiction=args.jurisdiction))
        say(f"Wrote {path}, a short file for one academy of {args.trust}: everything else comes from "
            f"data/trusts/{args.trust}.yml. Fill in its people, then run: schoolpolicy check {args.slug}")
        return 0
    args.jurisdiction, args.phase = args.jurisdiction or "england", args.phase or TYPE_PHASE.get(args.type, "primary")
    path = project.display(write_starter(project, check_slug(args.slug), args.name, jurisdiction=args.jurisdiction,
                                         phase=args.phase, school_type=args.type or "maintained",
                                         kind=args.kind))
    say(f"Wrote {path} for {kind_words(args.phase, args.type or 'maintained')} in "
        f"{args.jurisdiction.replace('-', ' ').title()}. Fill in the roles and dates, then run: "
        f"schoolpolicy check {args.slug}")
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    project = Project.find()
    if bool(args.slug) == bool(args.trust):
        raise UsageError("name one school (schoolpolicy approve SLUG) or one trust (schoolpolicy approve --trust TRUST)")
    on, by = approval_arguments(args.on, args.by)
    slugs = trust_members(project, check_slug(args.trust, "trust")) if args.trust else [check_slug(args.slug)]
    if args.trust:
        check_all(project, slugs, dt.date.today())  # every academy is fine, or no record is written
    # one approval by the trust's board, recorded for each of its academies: every record is made
    # and read back first, so one that check would refuse leaves none written
    from generator.approve import prepare_approval
    from generator.writers.approved import write_record

    pending = [prepare_approval(project, slug, on, by, dt.date.today()) for slug in slugs]
    for slug, record in zip(slugs, pending):
        write_record(record.path, record.text)
        done = record.done
        report(done.warnings)
        by_whom = f" by {done.by}" if done.by else ""
        say(f"Recorded version {done.document.school.governance.version} of the {slug} policy as approved on "
            f"{done.on}{by_whom} in {project.display(done.path)}.")
    say("The next build shows the approval on the site and the pack, and the pack lists every change since. "
        f"Commit {'those files' if args.trust else 'that file'}.")
    return 0


MAX_BY = 200  # who approved it: a few words ("the full governing body")


def approval_arguments(on: dt.date | None, by: str | None) -> tuple[dt.date | None, str | None]:
    """--on and --by as check will read them in the record, refused here before anything is written."""
    from generator.readers.text import EARLIEST, LATEST, char_name, first_hidden, is_blank

    if on is not None and not EARLIEST <= on <= LATEST:
        raise UsageError(f"--on {on.isoformat()} is not a date this policy can have; give the date of the meeting, "
                         f"between {EARLIEST.isoformat()} and {LATEST.isoformat()}")
    if by is None:
        return on, None
    if is_blank(by):
        raise UsageError("--by is blank; say who approved it, e.g. --by \"the full governing body\", or leave "
                         "--by out to use governance.approved_by")
    by = by.strip()
    at = first_hidden(by, multiline=False)
    if at is not None:
        raise UsageError(f"--by contains {char_name(by[at])}, which cannot be seen; write it without")
    if len(by) > MAX_BY:
        raise UsageError(f"--by is {len(by):,} characters long; say who approved it in at most {MAX_BY} characters, "
                         "e.g. \"the full governing body\"")
    return on, by


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.serve import serve

    host = serve_host(args.host)
    return serve(Project.find(), args.slug, host, args.port)


def serve_host(host: str) -> str:
    """--host as given; an empty one (an unset variable) is refused, and every interface is said aloud."""
    if not host.strip():
        raise UsageError("--host is empty (an unset variable?); give the address to listen on, such as "
                         "127.0.0.1 (this computer only, the default)")
    if every_interface(host.strip()):
        print(f"schoolpolicy serve: warning: --host {shown(host)} listens on every network interface: anyone who "
              "can reach this computer can open the preview. Leave --host out to serve this computer only "
              "(127.0.0.1).", file=sys.stderr, flush=True)
    return host.strip()


def every_interface(host: str) -> bool:
    import ipaddress
    import socket

    try:  # the forms the C library reads as 0.0.0.0 too: "0", "0.0", "0x0"
        if socket.inet_aton(host) == bytes(4):
            return True
    except OSError:
        pass
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def jobs_count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of worker processes: give 1 or more")
    return int(text)


def day(text: str) -> dt.date:
    """A date argument: YYYY-MM-DD within the years school files may use (so no step from it can overflow)."""
    try:
        value = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        value = None
    if value is None or not EARLIEST <= value <= LATEST:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a date: write YYYY-MM-DD, between "
                                         f"{EARLIEST.isoformat()} and {LATEST.isoformat()}, such as 2026-09-01")
    return value


def add_date(command: argparse.ArgumentParser) -> None:
    command.add_argument("--date", type=day, default=dt.date.today(), metavar="YYYY-MM-DD",
                         help="use the facts (laws, ages, guidance) in force on this day (default: today)")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="schoolpolicy", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate school data files (all, or the slugs given)")
    check.add_argument("slugs", nargs="*", metavar="SLUG")
    check.add_argument("--trust", metavar="TRUST", help="also every academy of this trust (data/trusts/TRUST.yml)")
    add_date(check)
    check.set_defaults(run=cmd_check)
    build_cmd = commands.add_parser("build", help="build school sites (all, or the slugs given) into site/")
    build_cmd.add_argument("slugs", nargs="*", metavar="SLUG")
    build_cmd.add_argument("--out", metavar="DIR", help="output folder (default: site/)")
    build_cmd.add_argument("--trust", metavar="TRUST", help="also every academy of this trust (data/trusts/TRUST.yml)")
    build_cmd.add_argument("--offline", action="store_true",
                           help="sites that work opened as files, without a web server (USB stick, shared drive)")
    build_cmd.add_argument("--jobs", "-j", type=jobs_count, default=None, metavar="N",
                           help="render in N worker processes (default: the CPUs available)")
    build_cmd.add_argument("--no-cache", action="store_true",
                           help="render everything afresh, neither reading nor filling the build cache (build/.cache/)")
    build_cmd.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    build_cmd.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                           help="the site engine: MkDocs with Material for MkDocs (the default) or Zensical "
                                "(pip install zensical); both build the same docs tree (build/<slug>/)")
    build_cmd.add_argument("--publish", action="store_true",
                           help="build what this repository publishes: every school that is not an example "
                                "(or the examples, while there are none); one school's site is the top folder")
    build_cmd.add_argument("--site-url", metavar="URL", default=None,
                           help="the address the output folder is published at, for schools whose file sets "
                                "no site_url (default: $SCHOOLPOLICY_SITE_URL)")
    add_date(build_cmd)
    build_cmd.set_defaults(run=cmd_build)
    clauses = commands.add_parser("clauses", help="list the clauses in one school's policy: number, id, "
                                                  "whose words, first words")
    clauses.add_argument("slug", metavar="SLUG")
    clauses.add_argument("--all", action="store_true", help="also list the library clauses left out, and why")
    clauses.add_argument("--section", metavar="S", help="only this section (its id or number)")
    clauses.add_argument("--search", metavar="TEXT", help="only clauses whose id or words contain TEXT")
    clauses.set_defaults(run=cmd_clauses)
    facts = commands.add_parser("facts", help="for maintainers: the reference facts, how sure each is, its source "
                                              "and date checked, what changes in the next 90 days and what is stale")
    facts.add_argument("--all", action="store_true", help="list every fact, not only those needing attention")
    add_date(facts)
    facts.set_defaults(run=cmd_facts)
    choices = commands.add_parser("choices", help="list the choices a school makes (content/choices.yml): each "
                                                  "choice's options, the school's option and the clauses it sets")
    choices.add_argument("slug", metavar="SLUG")
    choices.set_defaults(run=cmd_choices)
    new = commands.add_parser("new", help="start a new school data file")
    new.add_argument("slug", metavar="SLUG", nargs="?")
    new.add_argument("--name", required=True, help="the school's full name")
    new.add_argument("--trust", metavar="TRUST", help="write a short file for an academy of this trust")
    new.add_argument("--trust-file", metavar="TRUST",
                     help="write a trust's shared file, data/trusts/TRUST.yml, instead of a school's")
    new.add_argument("--jurisdiction", choices=NATIONS, default=None,
                     help="the UK nation the school is in; decides its words and routes (default: england)")
    new.add_argument("--kind", choices=POLICY_KINDS, default="social-media",
                     help="the kind of policy (default: social-media); add more later with policy.kinds")
    new.add_argument("--phase", choices=PHASES, default=None,
                     help="the school's phase; decides which clauses suit it (default: primary)")
    new.add_argument("--type", choices=TYPES, default=None,
                     help="the kind of school; decides its laws, inspectorate and words (default: maintained)")
    new.set_defaults(run=cmd_new)
    approve = commands.add_parser("approve", help="record the policy as the governors approved it, "
                                                  "so the next pack shows what changed since")
    approve.add_argument("slug", metavar="SLUG", nargs="?")
    approve.add_argument("--trust", metavar="TRUST", help="record one approval for every academy of this trust")
    approve.add_argument("--on", type=day, metavar="YYYY-MM-DD",
                         help="the date the governors approved it (default: governance.approved)")
    approve.add_argument("--by", metavar="BODY", help="who approved it, e.g. \"the full governing body\" "
                                                      "(default: governance.approved_by)")
    approve.set_defaults(run=cmd_approve)
    serve = commands.add_parser("serve", help="preview one school's site, rebuilding when files change")
    serve.add_argument("slug", metavar="SLUG")
    serve.add_argument("--port", type=port_number, default=8000, help="1 to 65535 (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this computer only; 0.0.0.0 or :: "
                            "shows the preview to your whole network, and serve warns so; an empty one is refused)")
    serve.set_defaults(run=cmd_serve)
    return top


def port_number(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a port: give a number from 1 to 65535, such as 8000")
    return int(text)


def check_arguments(argv: list[str]) -> None:
    """A NUL, a control character or an undecodable byte is never meant, and would reach the terminal."""
    for position, argument in enumerate(argv, 1):
        char = bad_character(argument)
        if char:
            raise UsageError(f"argument {position} contains the character {char}: write it without")


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, a CI runner cancelling a job): stop as Ctrl+C does, cleaning up on the way."""


def terminate(_signum, _frame) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    if threading.current_thread() is not threading.main_thread():  # signals are the main thread's
        return run(argv)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGTERM, terminate)
    try:
        return run(argv)
    finally:  # as they were (main may be called by other Python code, such as the tests)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def run(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):  # a name the terminal cannot show must not stop the run
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    command = "schoolpolicy"
    try:
        check_arguments(argv)
        args = parser().parse_args(argv)
        command = f"schoolpolicy {args.command}"
        return args.run(args)
    except SchoolPolicyError as exc:
        return failed(exc)
    except KeyboardInterrupt as exc:  # Ctrl+C, or SIGTERM (below): one line, never a traceback
        if threading.current_thread() is threading.main_thread():  # a second Ctrl+C must not stop the message
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        how = "stopped (SIGTERM)" if isinstance(exc, Terminated) else "interrupted"
        left = "; nothing half-built was left in the output folder" if command == "schoolpolicy build" else ""
        print(f"{command}: {how}{left}.", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    except BrokenPipeError:  # `schoolpolicy clauses demo | head` stopped reading: not a problem to report
        return reader_gone()
    except Exception as exc:  # never a traceback: say what failed, in one line
        return failed(fault(command, exc))
    finally:
        damaged = damage_warning()  # once, however many entries were found damaged
        if damaged is not None:
            print(damaged, file=sys.stderr)


def reader_gone() -> int:
    # Python would complain again when it flushes stdout at exit; point it at nothing instead.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 141  # as a shell reports a command stopped by SIGPIPE


def failed(exc: SchoolPolicyError) -> int:
    report(exc.problems)
    errors = sum(p.severity == "error" for p in exc.problems)
    print(f"schoolpolicy: {errors} problem(s) found; nothing was changed in the output folder.", file=sys.stderr)
    return exc.exit_code
