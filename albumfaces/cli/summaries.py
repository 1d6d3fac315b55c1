"""The last lines of `scan`, `cluster`, `organize`, `export` and `xmp write`: plain
sentences with their plurals right, saying what was touched and leaving out the zeros a
person does not care about (``--json`` keeps every count)."""

from __future__ import annotations

from albumfaces.models import ClusterReport, ExportMode, ExportReport, ScanReport, XmpReport
from albumfaces.words import count, counts, listing, sentence

ENTRY_NOUN = {
    ExportMode.SYMLINK: "album link",
    ExportMode.HARDLINK: "hard link",
    ExportMode.COPY: "copy",
}


def seconds(value: float) -> str:
    return f"{value:.1f} s"


def scan_summary(report: ScanReport) -> str:
    """ "Scanned 92 new files in 12.3 s; 4 were unchanged. Found 107 faces." and so on."""
    looked = counts(
        (report.new, "new file"),
        (report.changed, "changed file"),
        (report.moved, "moved file"),
        (report.rescanned, "file for new settings"),
    )
    first = f"Scanned {looked}" if looked else "Nothing new to scan"
    also = [
        f"{count(report.unchanged, 'file')} unchanged" if report.unchanged else "",
        f"{count(report.removed, 'file')} gone from the library" if report.removed else "",
        f"{count(report.failed, 'file')} could not be read" if report.failed else "",
    ]
    lines = [sentence(f"{first} in {seconds(report.seconds)}" + _then(also))]
    if looked:
        lines.append(sentence(f"Found {count(report.faces, 'face')}"))
    if report.videos:
        lines.append(
            sentence(
                f"{count(report.videos, 'video')} ({seconds(report.video_seconds)}) showed "
                f"{count(report.video_faces_detected, 'face')}; a few of each person were kept"
            )
        )
    phone = counts((report.live_photos, "Live Photo"), (report.motion_photos, "motion photo"))
    if phone:
        scanned = (
            f"; {count(report.motion_scanned, 'clip')} of them scanned with their photos"
            if report.motion_scanned
            else ""
        )
        lines.append(sentence(f"The folders hold {phone}, each one photo{scanned}"))
    regions = report.regions_matched + report.regions_imported
    if regions:
        missed = (
            f" ({report.regions_imported} of them missed by the detector)"
            if report.regions_imported
            else ""
        )
        lines.append(sentence(f"The photos' XMP named {count(regions, 'face')}{missed}"))
    return " ".join(lines)


def _then(parts: list[str]) -> str:
    shown = listing(parts)
    return f"; {shown}" if shown else ""


def cluster_summary(report: ClusterReport) -> str:
    """ "Full run (first run): 12 people, 3 of them named. 40 faces were matched to named
    people, 60 clustered and 7 left to no one, in 0.4 s." """
    unnamed = report.people - report.named - report.ignored
    who = listing(
        f"{n:,} {word}"
        for n, word in ((report.named, "named"), (unnamed, "unnamed"), (report.ignored, "ignored"))
        if n
    )
    head = f"{report.mode.capitalize()} run ({report.reason}): {count(report.people, 'person')}"
    head += f" ({who})" if report.people else ""
    placed = [
        f"{count(report.propagated, 'face')} matched to named people" if report.propagated else "",
        f"{count(report.clustered, 'face')} clustered" if report.clustered else "",
        f"{count(report.ambiguous, 'face')} too close to two people to choose"
        if report.ambiguous
        else "",
        f"{count(report.unassigned, 'face')} left to no one" if report.unassigned else "",
    ]
    done = listing(placed) or "no face to place"
    said = f"{sentence(head)} {sentence(f'{done}, in {seconds(report.seconds)}')}"
    if report.names_imported or report.names_unclear:
        unclear = len(report.names_unclear)
        said += " " + sentence(
            f"Google Takeout's names named {count(report.names_imported, 'person')}"
            + (f"; {count(unclear, 'name')} left unclear (--json says why)" if unclear else "")
        )
    return said


def export_summary(report: ExportReport, dry_run: bool) -> str:
    """ "92 album links made in 10 folders." or "Albums are up to date (92 album links)." """
    noun = ENTRY_NOUN[ExportMode(report.mode)]
    if not (report.added or report.removed or report.renamed):
        return sentence(f"Albums are up to date ({count(report.unchanged, noun)})")
    would = "would be " if dry_run else ""
    changes = [
        f"{count(report.added, noun)} {would}made" if report.added else "",
        f"{count(report.removed, noun)} {would}removed" if report.removed else "",
        f"{count(report.renamed, 'album')} {would}renamed" if report.renamed else "",
    ]
    where = f" in {count(report.folders, 'folder')}" if report.folders else ""
    kept = f"; {report.unchanged:,} unchanged" if report.unchanged else ""
    return sentence(listing(changes) + where + kept)


def xmp_summary(report: XmpReport, dry_run: bool) -> str:
    """ "3 sidecars written (2 new); 40 unchanged." """
    if not (report.created or report.updated or report.removed):
        return sentence(f"Sidecars are up to date ({count(report.unchanged, 'sidecar')})")
    would = "would be " if dry_run else ""
    written = report.created + report.updated
    new = f" ({report.created:,} new)" if report.created and report.updated else ""
    changes = [
        f"{count(written, 'sidecar')} {would}written{new}" if written else "",
        f"{count(report.removed, 'sidecar')} albumfaces made {would}removed (no names left)"
        if report.removed
        else "",
    ]
    kept = f"; {report.unchanged:,} unchanged" if report.unchanged else ""
    return sentence(listing(changes) + kept)
