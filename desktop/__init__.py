"""The Bilateral desktop application (PySide6 and pyqtgraph); it never writes SQL."""
