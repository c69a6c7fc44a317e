"""Build machinery: executing notebooks and rendering the manuscript. No science here."""
