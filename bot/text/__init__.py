"""Text tools without I/O: the anonymiser, French dates, theme detection, calendar export."""
