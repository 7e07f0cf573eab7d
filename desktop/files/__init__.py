"""The File menu's work: opening, importing, exporting, backups and restoring."""
