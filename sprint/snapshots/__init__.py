"""Excel snapshots: state -> workbook bytes (`export_workbook`, sheets in workbook, cells, step_sheets, portfolio_sheets,
risk_sheet), the hidden data (data, payload, signature, audit_text), and back (reader, restore)."""

from sprint.snapshots.workbook import FORMAT_VERSION, export_workbook, snapshot_filename

__all__ = ["FORMAT_VERSION", "export_workbook", "snapshot_filename"]
