"""The summary lines a newcomer reads: plain sentences, plurals right, zeros left out."""

from albumfaces.cli.summaries import cluster_summary, export_summary, scan_summary, xmp_summary
from albumfaces.models import ClusterReport, ExportMode, ExportReport, ScanReport, XmpReport


def test_a_first_scan_says_what_it_scanned_and_found():
    report = ScanReport(new=10, faces=107, seconds=12.34, videos=1, video_seconds=9.2)
    report.video_faces_detected = 7
    said = scan_summary(report)
    assert said == (
        "Scanned 10 new files in 12.3 s. Found 107 faces. 1 video (9.2 s) showed 7 faces; a "
        "few of each person were kept."
    )
    assert " 0 " not in said and "videos of" not in said


def test_a_rescan_says_nothing_new_and_the_files_it_kept():
    said = scan_summary(ScanReport(unchanged=1, seconds=0.2))
    assert said == "Nothing new to scan in 0.2 s; 1 file unchanged."
    said = scan_summary(ScanReport(new=1, failed=2, removed=1, faces=1))
    assert said == (
        "Scanned 1 new file in 0.0 s; 1 file gone from the library and 2 files could not be "
        "read. Found 1 face."
    )


def test_a_cluster_run_names_its_people_in_words():
    report = ClusterReport(
        people=12, named=3, ignored=0, new_people=9, propagated=40, clustered=60,
        ambiguous=0, unassigned=1, seconds=0.42, mode="full", reason="first run",
    )  # fmt: skip
    assert cluster_summary(report) == (
        "Full run (first run): 12 people (3 named and 9 unnamed). 40 faces matched to named "
        "people, 60 faces clustered and 1 face left to no one, in 0.4 s."
    )


def test_export_says_what_it_made_where():
    made = ExportReport(mode=ExportMode.SYMLINK, added=92, folders=10)
    assert export_summary(made, dry_run=False) == "92 album links made in 10 folders."
    one = ExportReport(mode=ExportMode.COPY, added=1, removed=2, folders=1, unchanged=5)
    assert export_summary(one, dry_run=True) == (
        "1 copy would be made and 2 copies would be removed in 1 folder; 5 unchanged."
    )
    same = ExportReport(mode=ExportMode.HARDLINK, unchanged=1)
    assert export_summary(same, dry_run=False) == "Albums are up to date (1 hard link)."


def test_xmp_write_says_what_it_wrote():
    assert xmp_summary(XmpReport(created=2, updated=1, unchanged=40), False) == (
        "3 sidecars written (2 new); 40 unchanged."
    )
    assert xmp_summary(XmpReport(created=1), False) == "1 sidecar written."
    assert xmp_summary(XmpReport(unchanged=1), False) == "Sidecars are up to date (1 sidecar)."


def test_every_report_keeps_every_count_in_json():
    scan = ScanReport(new=1, interrupted=True).to_dict()
    assert scan["interrupted"] is True and scan["unchanged"] == 0 and "failures" in scan
    export = ExportReport(added=1).to_dict()
    assert export["failures"] == [] and export["removed"] == 0 and "actions" not in export
    assert XmpReport().to_dict()["failures"] == []
