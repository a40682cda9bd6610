"""Loads the mtulab plugin for `pytest python/ --mtulab-suites suites/` (see mtulab_pytest.py).

Registers the plugin module itself (once, even when `-p mtulab_pytest` is also given) rather
than re-exporting its hooks, which would run them twice.
"""

import mtulab_pytest

collect_ignore = ["tests"]  # the plugin's own tests: `pytest python/tests`


def pytest_addhooks(pluginmanager):
    if not pluginmanager.has_plugin("mtulab_pytest"):
        pluginmanager.register(mtulab_pytest, "mtulab_pytest")
