"""Browser tests: the notebooks in JupyterLab, driven by Playwright in Debian Chromium."""
