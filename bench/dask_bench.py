#!/usr/bin/env python3
"""textrace.dask.scan on a LocalCluster of 2 single-thread worker processes against the CLI's
`textrace scan --threads 2`, on one JSON Lines collection (bench/gen_corpus.py makes them):
throughput of each, peak memory (the CLI's; each worker's, sampled every 0.1 s; the client's),
whether the two reports are the same byte for byte, and each distributed stage's seconds and the
bytes of its results (docs/distributed.md uses them).

    PYTHONPATH=build/python /usr/bin/python3 bench/dask_bench.py /tmp/gen100/corpus.jsonl \
        [--blocksize 8MB] [--cli build/textrace] [--out /tmp/dask_bench]

The workers read the file themselves (dask.bag.read_text by blocks, each line a document), so
no process holds the whole collection.
"""
import argparse
import json
import os
import pathlib
import resource
import subprocess
import threading
import time

# Debian's libgoogle-perftools4 (libgoogle-perftools-dev): the allocator the CLI links.
TCMALLOC = pathlib.Path("/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--blocksize", default="8MB", help="bytes of the file per partition")
    ap.add_argument("--cli", default=str(pathlib.Path(__file__).resolve().parents[1] / "build" /
                                         "textrace"))
    ap.add_argument("--out", default="/tmp/dask_bench")
    ap.add_argument("--ranges", type=int, default=None,
                    help="key ranges of the shuffled stages (default: the partition count)")
    ap.add_argument("--no-stats", action="store_true",
                    help="do not measure the stages' result sizes (their gathers cost time)")
    ap.add_argument("--allocator", choices=["tcmalloc", "glibc-huge", "glibc"], default=None,
                    help="the workers' heap: tcmalloc (LD_PRELOAD of libtcmalloc_minimal, the "
                         "CLI's allocator; the default where it is installed), glibc-huge "
                         "(GLIBC_TUNABLES=glibc.malloc.hugetlb=1), glibc (as Python starts)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="scans on the same cluster, each timed (the first pays for the workers' "
                         "fresh heaps; a long-lived cluster runs like the later ones)")
    args = ap.parse_args()
    # Worker processes inherit the environment when they are started: the loader and glibc read
    # it then, so this is set before the cluster starts (docs/distributed.md, "Running it").
    allocator = args.allocator or ("tcmalloc" if TCMALLOC.exists() else "glibc-huge")
    if allocator == "tcmalloc":
        os.environ["LD_PRELOAD"] = str(TCMALLOC)
    elif allocator == "glibc-huge":
        os.environ["GLIBC_TUNABLES"] = "glibc.malloc.hugetlb=1"
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    mb = os.path.getsize(args.corpus) / 1e6

    # The CLI, 2 threads; its peak memory from the kernel's count for children.
    t = time.perf_counter()
    subprocess.run([args.cli, "scan", args.corpus, "-o", str(out / "cli.jsonl"), "--threads", "2"],
                   check=True, stderr=subprocess.DEVNULL)
    cli_seconds = time.perf_counter() - t
    cli_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    import dask.bag as db
    import distributed
    import psutil
    import textrace.dask

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, memory_limit=0) as cluster, \
            distributed.Client(cluster) as client:
        peaks = {}
        done = threading.Event()

        def sample():
            while not done.is_set():
                try:
                    rss = client.run(lambda: psutil.Process().memory_info().rss)
                except Exception:  # noqa: BLE001 (a worker between restarts)
                    rss = {}
                for w, v in rss.items():
                    peaks[w] = max(peaks.get(w, 0), v)
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        bag = db.read_text(args.corpus, blocksize=args.blocksize).map(json.loads)
        runs = []
        for _ in range(max(1, args.repeat)):
            stats = {"measure_bytes": not args.no_stats}
            t = time.perf_counter()
            report = textrace.dask.scan(bag, client=client, ranges=args.ranges,
                                        stage_stats=stats)
            runs.append((time.perf_counter() - t, stats))
        dask_seconds, stats = runs[0]
        done.set()
        sampler.join()
        report.write_jsonl(str(out / "dask.jsonl"))
    client_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    same = (out / "cli.jsonl").read_bytes() == (out / "dask.jsonl").read_bytes()

    print(f"collection: {args.corpus}: {mb:.1f} MB, {len(report.documents)} documents, "
          f"{bag.npartitions} partitions, {report.stats['candidates']} candidates")
    print(f"cli --threads 2:        {cli_seconds:7.2f} s  {mb / cli_seconds:6.2f} MB/s  "
          f"peak {cli_peak:.0f} MB")
    print(f"dask 2 workers x 1 thr: {dask_seconds:7.2f} s  {mb / dask_seconds:6.2f} MB/s  "
          f"({100 * cli_seconds / dask_seconds:.0f}% of the CLI)  peak per worker "
          + ", ".join(f"{v / 2**20:.0f} MB" for v in sorted(peaks.values()))
          + f"; client {client_peak:.0f} MB")
    for k, (seconds, _) in enumerate(runs[1:], 2):
        print(f"  scan {k} on the same cluster: {seconds:5.2f} s  {mb / seconds:6.2f} MB/s  "
              f"({100 * cli_seconds / seconds:.0f}% of the CLI)")
    print(f"reports byte for byte the same: {same}; workers' heap: {allocator}")
    print("stages (seconds):", ", ".join(f"{k[:-8]} {v:.2f}" for k, v in stats.items()
                                         if k.endswith("_seconds")))
    print("stage results (MB per GB of text):",
          ", ".join(f"{k[:-6]} {v / 1e6 / (mb / 1000):.1f}" for k, v in stats.items()
                    if k.endswith("_bytes")))


if __name__ == "__main__":
    main()
