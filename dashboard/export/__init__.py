"""Press-room export: one kaleido service, preset charts, print decoration, data files and bulletin sentences."""
