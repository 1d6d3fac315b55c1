"""``albumfaces scan``."""

from __future__ import annotations

import click

from albumfaces.cli.app import (
    App,
    ProgressBars,
    echo_json,
    face_model_option,
    json_option,
    library_errors,
    pass_app,
)
from albumfaces.cli.summaries import scan_summary
from albumfaces.models import DetectorModel, ScanOptions, ScanReport, ScanSettings

DEFAULTS = ScanSettings()


def _nothing_scanned(report: ScanReport) -> bool:
    considered = report.new + report.changed + report.moved + report.unchanged + report.rescanned
    return report.failed > 0 and report.failed >= considered


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--workers", type=click.IntRange(min=1), help="Worker processes. Default: one per CPU."
)
@click.option(
    "--ray",
    "ray_address",
    metavar="ADDRESS",
    help="Detect faces on the workers of this Ray cluster (auto: a local Ray instance), one "
    "per CPU; needs pip install 'albumfaces[ray]'.",
)
@click.option(
    "--model",
    type=click.Choice(DetectorModel.values()),
    default=DEFAULTS.model.value,
    show_default=True,
    help="Face detector: hog is fast; cnn finds more turned faces but is far slower.",
)
@click.option(
    "--upsample",
    type=click.IntRange(0, 4),
    default=DEFAULTS.upsample,
    show_default=True,
    help="Upsample the detection image this many times (finds smaller faces, 4x cost each).",
)
@click.option(
    "--max-size",
    type=click.IntRange(min=0),
    default=DEFAULTS.max_size,
    show_default=True,
    help="Detect on a copy whose long side is at most this many pixels; 0 = full size.",
)
@click.option(
    "--video-fps",
    type=click.FloatRange(min=0.01, max=30),
    default=DEFAULTS.video_fps,
    show_default=True,
    help="Frames of a video looked at per second of it.",
)
@click.option("--no-videos", is_flag=True, help="Leave videos alone: neither scan nor forget them.")
@click.option(
    "--live-clips/--no-live-clips",
    default=None,
    help="Also scan each Live Photo's clip and each motion photo's video, as part of the photo "
    "(their faces join the photo's; nobody is counted twice). The library remembers it.",
)
@click.option(
    "--no-import-regions",
    is_flag=True,
    help="Do not take the names of face regions other programs wrote in the photos' XMP.",
)
@click.option(
    "--no-import-names",
    is_flag=True,
    help="Do not take the names Google Photos gave (Takeout's JSON beside each photo).",
)
@click.option(
    "--retry-failed", is_flag=True, help="Try again files that failed before and have not changed."
)
@face_model_option(
    "The face model: a new library's default is the first of `albumfaces models`; naming "
    "another switches the library (every face encoded again, every decision kept)."
)
@click.option(
    "--cluster",
    "then_cluster",
    is_flag=True,
    help="Then run `albumfaces cluster` with its defaults.",
)
@json_option
@pass_app
@library_errors
def scan(
    app: App,
    paths,
    workers,
    ray_address,
    model,
    upsample,
    max_size,
    video_fps,
    no_videos,
    live_clips,
    no_import_regions,
    no_import_names,
    retry_failed,
    face_model_name,
    then_cluster,
    as_json,
) -> None:
    """Find faces in the photos and videos under PATHS and cache them.

    Unchanged files are not read again; moved or renamed files are recognised by content.
    `--max-size 0 --upsample 1` reproduces face_recognition's own defaults exactly.
    """
    settings = ScanSettings(
        model=model,
        upsample=upsample,
        max_size=max_size,
        video_fps=video_fps,
        face_model=face_model_name,
        live_clips=live_clips,
    )
    if ray_address is not None and workers is not None:
        raise click.UsageError("--workers and --ray: use one (with --ray, one worker a CPU)")
    with app.open_store(create=True) as store:
        options = ScanOptions(
            settings=settings,
            workers=workers,
            retry_failed=retry_failed,
            videos=not no_videos,
            import_regions=not no_import_regions,
            import_names=not no_import_names,
            ray_address=ray_address,
        )
        report = run_scan(store, list(paths), options, quiet=as_json)
        clustered = None
        if then_cluster and not report.interrupted:
            from albumfaces.people import recluster

            clustered = recluster(store)
    if as_json:
        data = report.to_dict()
        if clustered is not None:
            data["cluster"] = clustered.to_dict()
        echo_json(data)
    elif clustered is not None:
        from albumfaces.cli.summaries import cluster_summary

        click.echo(cluster_summary(clustered))
    if report.interrupted:
        raise SystemExit(130)
    if _nothing_scanned(report):
        raise SystemExit(1)


def run_scan(store, paths, options: ScanOptions, quiet: bool = False):
    """Scan with progress bars; unless ``quiet``, print failures and a summary."""
    from albumfaces.scan import scan_library

    ensure_model_files(store, options.settings)
    bars = ProgressBars(lambda stage: stage.capitalize().ljust(10))
    try:
        report = scan_library(store, paths, options, progress=(lambda *a: None) if quiet else bars)
    finally:
        bars.close()
    if not quiet:
        for failure in report.failures + report.warnings:
            click.echo(f"albumfaces: {failure.path}: {failure.reason}", err=True)
        click.echo(scan_summary(report))
    if report.interrupted:
        click.echo(
            "Interrupted: what was scanned is saved; run the same scan again to resume.", err=True
        )
    return report


def ensure_model_files(store, settings: ScanSettings) -> None:
    """The first scan with a model (a new library's, or a switch) gets its files when they
    are missing: a one-line notice, then a progress bar. Without a network it stops with one
    line saying how to get them; it never falls back to another model."""
    from albumfaces.recognition.files import how_to_get, models_folder, problems
    from albumfaces.recognition.install import InstallError, get_model
    from albumfaces.recognition.profiles import face_model

    model = face_model(settings.face_model or store.face_model())
    # sizes only: the scan checks every checksum before its first photo, and a file of the
    # right size that is damaged stops it there, with one line naming the file
    found = problems(model.files, checksum=False)
    if not found:
        return
    click.echo(
        f"albumfaces: getting face model {model.name}'s files ({model.size / 1e6:.1f} MB, "
        f"{model.licence}) from their official address, once",
        err=True,
    )
    bar = ProgressBars()
    try:
        get_model(model, bar)
    except InstallError as exc:
        first = found[0]
        raise click.ClickException(
            f"face model {model.name}: {models_folder() / first.file.path} is {first.reason} "
            f"and could not be downloaded ({exc}); {how_to_get(model.name)}"
        ) from exc
    finally:
        bar.close()


COMMANDS = [scan]
