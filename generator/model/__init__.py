"""The document model: what every writer renders, so the site, PDFs and JSON agree."""
