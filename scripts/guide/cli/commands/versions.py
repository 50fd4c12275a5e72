"""`guide versions`: list, number, deploy and safely delete the versions on gh-pages."""

from __future__ import annotations

import argparse
from datetime import date

from guide.cli import iso_date, project_root


def run_list(args: argparse.Namespace) -> int:
    from guide.releases import versions

    repo = project_root()
    deployed = versions.read_deployed(repo)
    if not deployed:
        print("No versions are deployed on gh-pages yet.")
        return 0
    default = versions.read_default(repo)
    for entry in deployed:
        notes = []
        if entry.aliases:
            notes.append("aliases: " + ", ".join(sorted(entry.aliases)))
        if default and versions.resolve([entry], default):
            notes.append("default")
        if (entry.properties or {}).get("hidden"):
            notes.append("hidden")
        print(entry.version + (f"  ({'; '.join(notes)})" if notes else ""))
    return 0


def run_next(args: argparse.Namespace) -> int:
    from guide.releases import versions

    repo = project_root()
    known = versions.release_tags(repo)
    newest = versions.newest_release(versions.read_deployed(repo))
    print(versions.next_version([*known, *filter(None, [newest])], args.today or date.today()))
    return 0


def run_deploy(args: argparse.Namespace) -> int:
    from guide.releases.publish import DeployOptions, deploy_version

    options = DeployOptions(
        name=args.name,
        push=args.push,
        hidden=args.hidden,
        if_missing=args.if_missing,
        remote=args.remote,
    )
    if args.today:
        options.today = args.today
    return deploy_version(project_root(), options)


def run_delete(args: argparse.Namespace) -> int:
    from guide.releases.publish import delete_version

    return delete_version(project_root(), args.identifier, args.push, args.missing_ok, args.remote)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("versions", help="list, deploy and delete published versions")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser(
        "list", help="the versions on gh-pages, their aliases and the default"
    )
    listing.set_defaults(func=run_list)

    following = actions.add_parser("next", help="print the next release number (YYYY.N)")
    following.add_argument("--today", type=iso_date, help=argparse.SUPPRESS)
    following.set_defaults(func=run_next)

    deploy = actions.add_parser(
        "deploy",
        help="deploy a release from its checked-out tag, 'dev' or a preview 'pr-N'",
        description="Used by the deploy workflow. A release number deploys the checked-out "
        "tag with its What changed page, as 'latest' when it is the newest release.",
    )
    deploy.add_argument("name", metavar="NAME", help="2026.1, dev or pr-12")
    deploy.add_argument("--push", action="store_true", help="push gh-pages afterwards")
    deploy.add_argument(
        "--hidden", action="store_true", help="leave it out of the version selector (previews)"
    )
    deploy.add_argument(
        "--if-missing", action="store_true", help="do nothing when NAME is already deployed"
    )
    deploy.add_argument("--remote", default="origin", help="the git remote (default: origin)")
    deploy.add_argument("--today", type=iso_date, help=argparse.SUPPRESS)
    deploy.set_defaults(func=run_deploy)

    delete = actions.add_parser(
        "delete",
        help="delete a version or alias (refuses 'latest' and the default)",
        description="Delete a version (with its aliases) or one alias from gh-pages with "
        "mike. Refuses the version behind 'latest' and the default version, which the "
        "site's front page leads to.",
    )
    delete.add_argument("identifier", metavar="VERSION", help="a version or an alias")
    delete.add_argument("--push", action="store_true", help="push gh-pages afterwards")
    delete.add_argument("--missing-ok", action="store_true", help="succeed when it is not deployed")
    delete.add_argument("--remote", default="origin", help="the git remote (default: origin)")
    delete.set_defaults(func=run_delete)
