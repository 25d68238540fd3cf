"""Writers: render the one PolicyDocument to the site, clauses.json and PDFs."""
