"""Every target of the rush, per round, from the figures bench/rush.sh collected: a markdown table.

    python3 bench/rush-targets.py FIGURES.tsv STREAMS WIDE

FIGURES.tsv has one line per measurement: "<round>\tpage\t<situation>\t<path>\t<coding>\t<ratio to nginx>"
or "<round>\tstream\t<status-bench JSON>". A target with no figure (a part skipped) reads "-".
"""
import json
import sys

figures, streams, wide = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pages = {}  # (round, situation, path) -> worst ratio over the codings
runs = {}  # (round, label, streams) -> status-bench's JSON
with open(figures, encoding="utf-8") as lines:
    for line in lines:
        parts = line.rstrip("\n").split("\t")
        round_ = int(parts[0])
        if parts[1] == "page" and parts[5] != "-":
            key = (round_, parts[2], parts[3])
            pages[key] = min(pages.get(key, float("inf")), float(parts[5]))
        elif parts[1] == "stream":
            run = json.loads(parts[2])
            runs[(round_, run["label"], run["streams"])] = run
rounds = sorted({key[0] for key in pages} | {key[0] for key in runs})


def ratio(round_, count, value):
    ours, theirs = runs.get((round_, "statusstream", count)), runs.get((round_, "nchan", count))
    if ours is None or theirs is None or value(theirs) <= 0 or value(ours) < 0:
        return None
    return value(ours) / value(theirs)


def ours(round_, count, value):
    run = runs.get((round_, "statusstream", count))
    return None if run is None else value(run)


p99 = lambda run: run["delivery"]["p99_ms"]
targets = []
for situation in ("idle", f"{streams} streams open", "PostgreSQL stopped"):
    for path, goal in (("/", 0.5), ("/api/status", 0.7)):
        targets.append((f"`GET {path}` vs nginx, {situation} (worse coding)", f">= {goal}x",
                        lambda r, s=situation, p=path: pages.get((r, s, p)), lambda v, g=goal: v >= g, "%.2fx"))
targets += [
    (f"delivery p99 vs nchan at {streams:,}", "<= 0.8x", lambda r: ratio(r, streams, p99), lambda v: v <= 0.8, "%.2fx"),
    (f"CPU per connect vs nchan at {streams:,}", "<= 1.0x",
     lambda r: ratio(r, streams, lambda run: run["server"]["cpu_us_per_connect"]), lambda v: v <= 1.0, "%.2fx"),
    (f"CPU per broadcast vs nchan at {streams:,}", "<= 1.0x",
     lambda r: ratio(r, streams, lambda run: run["server"]["cpu_ms_per_change"]), lambda v: v <= 1.0, "%.2fx"),
    (f"RSS per stream vs nchan at {streams:,}", "<= 0.6x",
     lambda r: ratio(r, streams, lambda run: run["server"]["rss_per_stream_kb"]), lambda v: v <= 0.6, "%.2fx"),
    (f"time to first event p99 at {streams:,}, 2,000/s ramp", "<= 25 ms",
     lambda r: ours(r, streams, lambda run: run["connect"]["ttfe_p99_ms"]), lambda v: v <= 25, "%.0f ms"),
]
if wide > 0:
    targets += [
        (f"delivery p99 vs nchan at {wide:,}", "<= 1.0x", lambda r: ratio(r, wide, p99), lambda v: v <= 1.0, "%.2fx"),
        (f"missed at {wide:,}", "0", lambda r: ours(r, wide, lambda run: run["delivery"]["missed"]), lambda v: v == 0, "%d"),
        (f"refused at {wide:,}", "0",
         lambda r: ours(r, wide, lambda run: run["streams"] - run["ready"]),
         lambda v: v == 0, "%d"),
    ]

print("Targets (default settings, same run):")
print()
print("| target | goal | " + " | ".join(f"round {r}" for r in rounds) + " |")
print("|---|---|" + "---|" * len(rounds))
for name, goal, value, met, shape in targets:
    cells = []
    for r in rounds:
        v = value(r)
        cells.append("-" if v is None else (shape % v) + (" met" if met(v) else " **missed**"))
    print(f"| {name} | {goal} | " + " | ".join(cells) + " |")
