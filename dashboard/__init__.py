"""Tablero de federalización IMSS-Bienestar."""
