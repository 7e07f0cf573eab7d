"""The records view: pair list, filter bar, table, detail pane and record dialog."""
