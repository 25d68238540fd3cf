"""PDFs: print HTML and jobs (jobs.py), the renderer (engine.py), the pack, handouts and downloads."""
