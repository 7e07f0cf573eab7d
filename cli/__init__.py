"""The headless command line: one module per group of commands, all of them without Qt."""
