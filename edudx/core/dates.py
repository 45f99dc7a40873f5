"""Dates as Vietnamese administration writes them: dd/mm/yyyy."""

import datetime as dt


def parse_vn_date(text: str) -> dt.date:
    """'01/07/2025' → date; ValueError with a Vietnamese message otherwise."""
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(f"Ngày '{text}' không hợp lệ (dạng dd/mm/yyyy).") from None
