"""Text formats shared by every stage: Markdown to HTML and plain text (markdown.py), the allow-list
sanitiser every published fragment goes through (sanitise.py), and school data made safe in
them (words.py)."""
