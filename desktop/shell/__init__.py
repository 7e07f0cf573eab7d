"""The application shell: the app, the main window, its menus, actions and settings."""
