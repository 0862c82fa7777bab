#!/usr/bin/env bash
# Installs everything textrace needs to build, test and run on Debian 12 (bookworm).
# The ONE place where the package list lives: README.md and .ci/run call this script.
# Run it as root (it does not call sudo itself); `sudo bash scripts/install-deps.sh` otherwise.
#
#   g++ cmake make pkg-config      the toolchain (C++20, CMake >= 3.20)
#   libicu-dev                     decoding, NFKC case folding, word and sentence segmentation
#   libstemmer-dev                 Snowball stemmers
#   libcld2-dev                    language detection (--language auto: each document's stemmer,
#                                  and its language in the reports)
#   mythes-en-us                   the English thesaurus used for synonym matching (run time)
#   libfmt-dev libcli11-dev        formatting, command-line parsing
#   nlohmann-json3-dev             the JSON report
#   libzstd-dev zlib1g-dev         reading zstd and gzip compressed collections (and WARC.gz)
#   libgumbo-dev                   parsing HTML pages (an HTML5 parser)
#   libgoogle-perftools-dev        tcmalloc, the textrace tool's allocator (faster at scale), and
#                                  Dask workers' (LD_PRELOAD, docs/distributed.md)
#   liblmdb-dev                    the persistent index's store (src/index/store.h; LMDB: chosen by
#                                  measurement, docs/index-store.md). librocksdb-dev is needed only
#                                  for the optional engine of -DTEXTRACE_ROCKSDB=ON, and not installed
#   libgtest-dev libgmock-dev      the tests
#   python3-dev pybind11-dev       the Python module (python/, docs/python.md; the build skips it
#                                  without them)
#   python3-pytest python3-pandas  its tests (tests/python/, run by ctest) and Report.to_pandas
#   python3-dask python3-distributed  textrace.dask.scan, the scan over a Dask cluster
#                                  (python/textrace/dask.py, docs/distributed.md) and its tests
#   tmux                           the compare text view's terminal test (ctest compare_terminal,
#                                  tests/term/: runs textrace in tmux at 80 columns; skipped without)
#   ca-certificates                so that apt and git over https work on a bare image
set -euo pipefail

if [[ ${EUID:-$(id -u)} -ne 0 ]]; then
  echo "install-deps.sh: must run as root (try: sudo bash scripts/install-deps.sh)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -o DPkg::Lock::Timeout=300
apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 \
  g++ cmake make pkg-config \
  libicu-dev libstemmer-dev libcld2-dev mythes-en-us \
  libfmt-dev libcli11-dev nlohmann-json3-dev \
  libzstd-dev zlib1g-dev libgumbo-dev libgoogle-perftools-dev liblmdb-dev \
  libgtest-dev libgmock-dev tmux \
  python3-dev pybind11-dev python3-pytest python3-pandas python3-dask python3-distributed \
  ca-certificates
