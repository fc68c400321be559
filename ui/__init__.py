"""Streamlit glue for the dashboard: loading, shared sidebar filters, page components.

Kept out of core/ on purpose: core/ never imports streamlit, so every
computation stays testable without a running app.
"""

PAGES = (
    ("pages/overview.py", "Overview", ":material/dashboard:"),
    ("pages/timeline.py", "Timeline", ":material/timeline:"),
    ("pages/stories.py", "Stories", ":material/newspaper:"),
    ("pages/actors.py", "Actors", ":material/groups:"),
    ("pages/reader.py", "Reader", ":material/menu_book:"),
    ("pages/add.py", "Add articles", ":material/upload_file:"),
)
