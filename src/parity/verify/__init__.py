"""Live verification: what `parity verify`, `probe` and `monitor` run, and how."""
