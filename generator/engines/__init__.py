"""What a build's costly outputs go through: the keys that name them in the build cache (keys.py),
reading and writing those entries (store.py), and the stand-ins `serve` shows while a PDF is
still rendering (stand_ins.py). The worker pool is generator/parallel.py; generator/pipeline.py
puts them together for one build."""
