"""Icons, the application icon and the .desktop file, loaded at run time."""
