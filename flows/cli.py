"""The ``qingxi`` command.

    qingxi run INPUT... --out DIR      clean a corpus into DIR
    qingxi report DIR                  rebuild DIR's contamination report
"""

from __future__ import annotations

import argparse
import os
import sys
import time

# Each worker process only needs this many documents' worth of work to pay for its start-up.
_BYTES_PER_WORKER = 32 << 20


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qingxi", description="Clean dirty Chinese web text into a corpus.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="clean INPUT files and folders into --out DIR",
                              description="Clean INPUT files and folders (.txt, .jsonl, .jsonl.gz, .parquet) "
                                          "into DIR/clean.jsonl, DIR/rejected.jsonl and DIR/manifest.json.")
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (read recursively)")
    run.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    run.add_argument("--text-field", default="text", help="JSONL/Parquet field holding the text (default: text)")
    run.add_argument("--id-field", default="id", help="JSONL/Parquet field holding the id (default: id)")
    run.add_argument("--script", choices=("keep", "simplified", "traditional"), default="keep",
                     help="convert output to one script; 'keep' leaves each document's own (default)")
    run.add_argument("--workers", type=int, default=0,
                     help="worker processes (default: one per core for inputs over 32 MB, else 1)")
    run.add_argument("--batch-size", type=int, default=2000, help="documents per task (default: 2000)")
    run.add_argument("--index", metavar="PATH|redis://HOST:PORT[/DB]",
                     help="persistent dedup index: documents kept here are remembered, and later runs "
                          "reject their duplicates (a local file, created if missing, or Redis)")
    run.add_argument("--paragraph-min-docs", type=int, default=5, metavar="N",
                     help="remove a paragraph found in N or more kept documents as page furniture (default: 5)")
    run.add_argument("--spam-lexicon", metavar="FILE",
                     help="spam families to start from, e.g. the spam_lexicon.json an earlier run wrote")
    run.add_argument("--keep-all", action="store_true",
                     help="judge every page (quality signals in clean.jsonl) but reject none for its verdict")
    run.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    run.add_argument("--verbose", action="store_true", help="show Prefect's logs")
    report = commands.add_parser("report", help="rebuild the contamination report of an output folder",
                                 description="Rebuild DIR/report.json, report.html and report.md from DIR's outputs.")
    report.add_argument("out", metavar="DIR", help="an output folder of qingxi run")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return _run(args) if args.command == "run" else _report(args)


def _report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .report import write_report

    if not (Path(args.out) / "manifest.json").exists():
        print(f"qingxi: {args.out} has no manifest.json: not the output folder of a finished run", file=sys.stderr)
        return 2
    report = write_report(args.out)
    print(f"{args.out}/report.html: {report['documents']['in']:,} documents, "
          f"{sum(v['edits'] for v in report['contamination'].values()):,} edits", file=sys.stderr)
    return 0


def _run(args: argparse.Namespace) -> int:
    from .readers import discover_inputs

    try:
        files = discover_inputs(args.inputs, exclude=[args.out])
    except FileNotFoundError as e:
        print(f"qingxi: {e}", file=sys.stderr)
        return 2
    if args.batch_size < 1:
        print("qingxi: --batch-size must be at least 1", file=sys.stderr)
        return 2
    from .outdir import busy

    why = busy(args.out)
    if why:
        print(f"qingxi: {why}", file=sys.stderr)
        return 2
    if args.index and not args.index.startswith("redis://") and os.path.exists(args.index):
        from .dedup import IndexFileError, read_index_file

        try:  # before any work: a bad index found after the cleaning costs the whole run
            read_index_file(args.index)
        except IndexFileError as e:
            print(f"qingxi: --index {e}", file=sys.stderr)
            return 2
    workers = args.workers or min(os.cpu_count() or 1, 1 + sum(f.size for f in files) // _BYTES_PER_WORKER)

    # Prefect reads its settings when imported: quiet it unless asked, before the import.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if args.verbose else "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from .flow import RunOptions, clean_corpus, task_runner_for

    options = RunOptions(text_field=args.text_field, id_field=args.id_field, script=args.script,
                         batch_size=args.batch_size, workers=workers, progress=not args.no_progress,
                         index=args.index, paragraph_min_docs=args.paragraph_min_docs,
                         spam_lexicon=args.spam_lexicon, keep_all=args.keep_all)
    started = time.perf_counter()
    manifest = clean_corpus.with_options(task_runner=task_runner_for(workers))(args.inputs, args.out, options)
    _print_summary(manifest, args.out, time.perf_counter() - started)
    return 0 if manifest["reconciles"] else 1


def _print_summary(manifest: dict, out: str, seconds: float) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"qingxi run → {out}", show_header=False, title_justify="left")
    table.add_row("documents in", f"{manifest['documents_in']:,}")
    table.add_row("kept", f"{manifest['kept']:,}")
    table.add_row("rejected", f"{manifest['rejected']:,}")
    for reason, n in manifest["rejected_by_reason"].items():
        table.add_row(f"  {reason}", f"{n:,}")
    table.add_row("input", f"{manifest['input_bytes'] / 1e6:,.2f} MB in {seconds:,.1f} s "
                           f"({manifest['input_bytes'] / 1e6 / max(seconds, 1e-9):,.2f} MB/s)")
    if not manifest["reconciles"]:
        table.add_row("[red]WARNING[/red]", "[red]counts do not reconcile: see manifest.json[/red]")
    Console(stderr=True).print(table)


if __name__ == "__main__":
    sys.exit(main())
