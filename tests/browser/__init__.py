"""Browser tests (dash_duo); a package so its conftest is not imported as a top-level `conftest`."""
