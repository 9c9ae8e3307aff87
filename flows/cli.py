"""The ``qingxi`` command.

    qingxi run INPUT... --out DIR      clean a corpus into DIR
    qingxi deploy NAME INPUT... --out DIR --cron "0 3 * * *"
                                       serve a scheduled deployment of that run
    qingxi report DIR                  rebuild DIR's contamination report
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import psutil

# Each worker process only needs this many documents' worth of work to pay for its start-up.
_BYTES_PER_WORKER = 32 << 20


def _add_run_options(command: argparse.ArgumentParser) -> None:
    """The options ``run`` and ``deploy`` share: what to read, how to clean, where to write."""
    command.add_argument("inputs", nargs="*", metavar="INPUT",
                         help="files or folders (read recursively), or fsspec URLs (s3://bucket/crawl/)")
    command.add_argument("--out", metavar="DIR|URL",
                         help="output folder (created if missing), or an fsspec URL (s3://bucket/corpus/) the "
                              "finished run's files are published to")
    command.add_argument("--config", metavar="FILE.toml",
                         help="a recipe: any of these options by name (inputs, out, script, workers, ...), "
                              "with cleaner switches in [clean] and page-verdict thresholds in [quality]; "
                              "options given on the command line win; the file is recorded in the manifest")
    command.add_argument("--text-field", default="text", help="JSONL/Parquet field holding the text (default: text)")
    command.add_argument("--id-field", default="id", help="JSONL/Parquet field holding the id (default: id)")
    command.add_argument("--url-field", default="",
                         help="JSONL/Parquet field holding the page's URL, whose host groups a site's pages for "
                              "its template (default: the id, when it is a URL); kept in the output")
    command.add_argument("--script", choices=("keep", "simplified", "traditional"), default="keep",
                         help="convert output to one script; 'keep' leaves each document's own (default)")
    command.add_argument("--workers", type=int, default=0,
                         help="worker processes (default: one per core for inputs over 32 MB, else 1)")
    command.add_argument("--dask", metavar="tcp://HOST:PORT|local:N",
                         help="run the batch tasks on a Dask cluster (its scheduler's address), or on a new local "
                              "one of N worker processes; every worker must see --out's folder (or --spool's); "
                              "--workers is then the steps to keep busy (default: N, or the worker threads the "
                              "cluster has)")
    command.add_argument("--spool", metavar="DIR|URL",
                         help="where cleaned batches wait between steps: a folder, or an fsspec URL "
                              "(s3://bucket/tmp/) every Dask worker reaches, so that the cluster's machines "
                              "need share no folder (default: DIR/.qingxi-work in --out)")
    command.add_argument("--batch-size", type=int, default=2000, help="documents per task (default: 2000)")
    command.add_argument("--index", metavar="PATH|URL|redis://HOST:PORT[/DB]",
                         help="persistent dedup index: documents kept here are remembered, and later runs "
                              "reject their duplicates (a file, created if missing, local or at an fsspec URL; "
                              "or Redis)")
    command.add_argument("--paragraph-min-docs", type=int, default=5, metavar="N",
                         help="remove a paragraph found in N or more kept documents as page furniture (default: 5)")
    command.add_argument("--spam-lexicon", metavar="FILE",
                         help="spam families to start from, e.g. the spam_lexicon.json an earlier run wrote")
    command.add_argument("--keep-all", action="store_true",
                         help="judge every page (quality signals in clean.jsonl) but reject none for its verdict")
    command.add_argument("--incremental", action="store_true",
                         help="clean only input files this output folder has not cleaned before (or that changed), "
                              "each run into its own DIR/run=<time>/ partition, dedup against all earlier runs")
    command.add_argument("--format", choices=("jsonl", "jsonl.gz", "parquet"),
                         default="jsonl", help="output files' format (default: jsonl)")
    command.add_argument("--shard-size", type=int, default=0, metavar="N",
                         help="split clean and rejected output into numbered files of N records "
                              "(clean-00000-of-00004.parquet, as Hugging Face datasets expects; default: one file)")


_DEPLOY_HELP = """Registers a deployment of the clean_corpus flow with a schedule and serves it from this process
(Prefect's serve): runs fire while it is running, against the Prefect server PREFECT_API_URL names
(start one with `prefect server start`). The deployment's parameters are this command's options,
and any run of it can be started with others from the UI, `prefect deployment run` or the API.

To run under a work pool instead (a worker process picks the runs up, this command need not stay up):

  prefect work-pool create qingxi --type process
  prefect deploy flows/flow.py:clean_corpus --name NAME --pool qingxi --cron "0 3 * * *" \
      --param inputs='["crawl"]' --param out=output
  prefect worker start --pool qingxi
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qingxi", description="Clean dirty Chinese web text into a corpus.")
    parser.add_argument("--version", action="version", version=f"qingxi {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="clean INPUT files and folders into --out DIR",
                              description="Clean INPUT files and folders (.txt, .jsonl, .jsonl.gz, .parquet) "
                                          "into DIR/clean.jsonl, DIR/rejected.jsonl and DIR/manifest.json.")
    _add_run_options(run)
    run.set_defaults(command_parser=run)
    run.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    run.add_argument("--verbose", action="store_true", help="show Prefect's logs")
    deploy = commands.add_parser("deploy", help="serve a scheduled deployment of a run",
                                 description=_DEPLOY_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    deploy.add_argument("name", metavar="NAME", help="the deployment's name")
    _add_run_options(deploy)
    deploy.set_defaults(command_parser=deploy)
    when = deploy.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", help='a cron schedule, e.g. "0 3 * * *" (03:00 every day)')
    when.add_argument("--interval", type=float, metavar="SECONDS", help="run every SECONDS seconds")
    report = commands.add_parser("report", help="rebuild the contamination report of an output folder",
                                 description="Rebuild DIR/report.json, report.html and report.md from DIR's outputs.")
    report.add_argument("out", metavar="DIR", help="an output folder of qingxi run")
    return parser


def _version() -> str:
    from .manifest import qingxi_version

    return qingxi_version()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "report":
        return _report(args)
    try:
        recipe = _apply_recipe(parser, args, argv)
    except (OSError, ValueError) as e:
        print(f"qingxi: --config {e}", file=sys.stderr)
        return 2
    return _run(args, recipe) if args.command == "run" else _deploy(args, recipe)


# Recipe keys that are not run options: what to read, where to write, and the two tables.
_RECIPE_TABLES = ("clean", "quality")


def _apply_recipe(parser: argparse.ArgumentParser, args: argparse.Namespace, argv: list[str] | None) -> dict | None:
    """Read ``--config`` (TOML) into ``args``: the file's values become the defaults, so options
    given on the command line win. Returns what the manifest records of it."""
    args.clean, args.quality = {}, {}
    if not args.config:
        return None
    import hashlib
    import tomllib

    raw = Path(args.config).read_bytes()
    try:
        settings = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ValueError(f"{args.config}: not a TOML file ({e})") from None
    command = args.command_parser
    known = set(vars(args)) - {"command", "command_parser", "config", "name", "cron", "interval", "clean", "quality"}
    unknown = sorted(set(settings) - known - set(_RECIPE_TABLES))
    if unknown:
        raise ValueError(f"{args.config}: no such option {', '.join(unknown)} (options: {', '.join(sorted(known))}, "
                         f"and the tables [clean] and [quality])")
    command.set_defaults(**{k: v for k, v in settings.items() if k not in _RECIPE_TABLES})
    given = parser.parse_args(argv)
    vars(args).update(vars(given))
    args.clean, args.quality = settings.get("clean", {}), settings.get("quality", {})
    return {"path": str(Path(args.config).resolve()), "sha256": hashlib.sha256(raw).hexdigest(), "settings": settings}


def _report(args: argparse.Namespace) -> int:
    from .report import write_report

    if not (Path(args.out) / "manifest.json").exists():
        print(f"qingxi: {args.out} has no manifest.json: not the output folder of a finished run", file=sys.stderr)
        return 2
    report = write_report(args.out)
    print(f"{args.out}/report.html: {report['documents']['in']:,} documents, "
          f"{sum(v['edits'] for v in report['contamination'].values()):,} edits", file=sys.stderr)
    return 0


def _options(args: argparse.Namespace, recipe: dict | None, workers: int):
    from .flow import RunOptions

    return RunOptions(text_field=args.text_field, id_field=args.id_field, url_field=args.url_field, script=args.script,
                      batch_size=args.batch_size, workers=workers, progress=not getattr(args, "no_progress", True),
                      index=args.index, spool=_located(args.spool), paragraph_min_docs=args.paragraph_min_docs,
                      spam_lexicon=args.spam_lexicon,
                      keep_all=args.keep_all, clean=args.clean, quality=args.quality,
                      output_format=args.format, shard_size=args.shard_size,
                      incremental=args.incremental, dask=args.dask, recipe=recipe)


def _located(location: str | None) -> str | None:
    """A folder as an absolute path (a deployment's runs start elsewhere), a URL as it is."""
    from .readers import is_url

    return location if not location or is_url(location) else str(Path(location).resolve())


def _dask_workers(address: str | None) -> int:
    """The workers of ``--dask local:N``; for another cluster, the worker threads it has now,
    which batches are sized and kept in flight for, or 2 if its scheduler cannot say (0: no Dask)."""
    if not address:
        return 0
    if address.startswith("local:"):
        return int(address.removeprefix("local:"))
    from .workers import cluster_threads

    return cluster_threads(address) or 2


def _checked(args: argparse.Namespace) -> str | None:
    """Why these options cannot make a run, checked before Prefect starts (None: they can)."""
    if not args.inputs or not args.out:
        return "give INPUT files or folders and --out DIR (on the command line or in --config)"
    if args.batch_size < 1:
        return "--batch-size must be at least 1"
    if args.shard_size < 0:
        return "--shard-size must be at least 0"
    from .readers import is_url

    if args.incremental and is_url(args.out):
        return "--incremental keeps its ledger and partitions in the output folder: give --out a folder, not a URL"
    from . import locations

    index_file = args.index if args.index and not args.index.startswith("redis://") else None
    # Where the run will write other than a local output folder: a store that refuses fails it now, not at its end.
    targets = [("--spool", args.spool, args.spool)] if args.spool else []
    if is_url(args.out):
        targets.append(("--out", args.out, args.out))
    if index_file and is_url(index_file):
        targets.append(("--index", index_file, locations.parent(index_file)))
    for option, given, folder in targets:
        why = locations.unwritable(_located(folder))
        if why:
            return f"{option} {given}: {why}"
    if index_file and locations.exists(_located(index_file)):
        from .dedup import IndexFileError, read_index_file

        try:  # before any work: a bad index found after the cleaning costs the whole run
            read_index_file(_located(index_file))
        except IndexFileError as e:
            return f"--index {e}"
    if args.spam_lexicon:
        from cleaners.spam import SpamLexicon

        try:  # before any work: the flow would fail on it only once Prefect has started
            SpamLexicon.from_json(json.loads(Path(args.spam_lexicon).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            return f"--spam-lexicon {args.spam_lexicon}: cannot be read as a spam lexicon ({e.__class__.__name__}: {e})"
    return None


def _start_prefect(verbose: bool) -> None:
    """Before Prefect is imported: its settings, and a watchdog for the processes it will start."""
    from .guard import guard

    guard(os.getpid())
    _quiet_prefect(verbose)


def _quiet_prefect(verbose: bool) -> None:
    # Prefect reads its settings when imported: set them before the import. The run's log goes
    # to the Prefect server (its UI shows it); the terminal shows only warnings unless asked.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def _run(args: argparse.Namespace, recipe: dict | None) -> int:
    from .readers import discover_inputs

    why = _checked(args)
    if why:
        print(f"qingxi: {why}", file=sys.stderr)
        return 2
    try:
        files = discover_inputs(args.inputs, exclude=[args.out])
    except FileNotFoundError as e:
        print(f"qingxi: {e}", file=sys.stderr)
        return 2
    from .outdir import busy

    why = busy(args.out)
    if why:
        print(f"qingxi: {why}", file=sys.stderr)
        return 2
    workers = args.workers or _dask_workers(args.dask) or min(
        os.cpu_count() or 1, 1 + sum(f.size for f in files) // _BYTES_PER_WORKER)
    # The tables of the processes that clean build while Prefect starts: one worker's in this
    # process, the pool's and a local cluster's in the fork server they fork from; a remote
    # cluster's workers build their own.
    if not args.dask and workers <= 1:
        from .steps import start_warming

        start_warming()
    elif not args.dask or args.dask.startswith("local:"):
        from .workers import start_fork_server

        start_fork_server()
    _start_prefect(args.verbose)
    try:
        options = _options(args, recipe, workers)
    except ValueError as e:
        print(f"qingxi: {e}", file=sys.stderr)
        return 2
    from .flow import clean_corpus, start_preparing
    from .workers import ClusterError

    if workers > 1 or args.dask:
        start_preparing(options)  # this process only decides: its tables are built while Prefect starts
    try:
        manifest = clean_corpus(args.inputs, args.out, options)
    except ClusterError as e:
        print(f"qingxi: {e}", file=sys.stderr)
        return 2
    _print_summary(manifest, args.out, time.time() - psutil.Process().create_time())
    return 0 if manifest["reconciles"] else 1


def _deploy(args: argparse.Namespace, recipe: dict | None) -> int:
    why = _checked(args)
    if why:
        print(f"qingxi: {why}", file=sys.stderr)
        return 2
    _start_prefect(verbose=True)
    try:
        options = _options(args, recipe, args.workers or _dask_workers(args.dask) or 1)
    except ValueError as e:
        print(f"qingxi: {e}", file=sys.stderr)
        return 2
    from .flow import clean_corpus
    from .readers import is_url

    # The serving process may start elsewhere: paths absolute, URLs as they are.
    inputs = [i if is_url(i) else str(Path(i).resolve()) for i in args.inputs]
    parameters = {"inputs": inputs, "out": _located(args.out), "options": options.model_dump()}
    print(f"qingxi: serving deployment clean_corpus/{args.name} "
          f"({'cron ' + args.cron if args.cron else f'every {args.interval:g} s'}); Ctrl-C stops it", file=sys.stderr)
    # One run at a time: two would share the output folder (the second would be refused by its lock).
    clean_corpus.serve(name=args.name, parameters=parameters, cron=args.cron, interval=args.interval, limit=1)
    return 0


def _print_summary(manifest: dict, out: str, seconds: float) -> None:
    """The run in a table; ``seconds`` since the command started, so that start-up (imports,
    Prefect's server) is told apart from the processing the manifest times."""
    from rich.console import Console
    from rich.table import Table

    from .readers import is_url

    table = Table(title=f"qingxi run → {out}", show_header=False, title_justify="left")
    table.add_row("documents in", f"{manifest['documents_in']:,}")
    table.add_row("kept", f"{manifest['kept']:,}")
    table.add_row("rejected", f"{manifest['rejected']:,}")
    for reason, n in manifest["rejected_by_reason"].items():
        table.add_row(f"  {reason}", f"{n:,}")
    processing = manifest["wall_seconds"]["total"]
    table.add_row("input", f"{manifest['input_bytes'] / 1e6:,.2f} MB in {processing:,.1f} s "
                           f"({manifest['input_bytes'] / 1e6 / max(processing, 1e-9):,.2f} MB/s)")
    table.add_row("start-up", f"{max(seconds - processing, 0.0):,.1f} s (imports, Prefect)")
    if not manifest["reconciles"]:
        table.add_row("[red]WARNING[/red]", "[red]counts do not reconcile: see manifest.json[/red]")
    console = Console(stderr=True)
    console.print(table)
    out = manifest.get("incremental", {}).get("partition", out)
    for name in [*manifest["output_files"]["clean"], *manifest["output_files"]["rejected"], "manifest.json",
                 "report.html"]:
        console.print(f"{out.rstrip('/')}/{name}" if is_url(out) else str(Path(out) / name), soft_wrap=True,
                      highlight=False)


if __name__ == "__main__":
    sys.exit(main())
