"""Excel snapshots: state -> workbook bytes (`export_workbook`), and back (`sprint.restoring`)."""

from sprint.exporting.workbook import FORMAT_VERSION, export_workbook, snapshot_filename

__all__ = ["FORMAT_VERSION", "export_workbook", "snapshot_filename"]
