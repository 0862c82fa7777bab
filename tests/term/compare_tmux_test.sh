#!/usr/bin/env bash
# The compare text view in a real terminal: `textrace compare` of two sample files, run in tmux
# at 80 columns, its whole screen (scrollback included) captured and compared with
# tests/term/compare_80.golden. The width comes from the terminal (TIOCGWINSZ): $COLUMNS says 132
# to show that the terminal wins over it.
#
#   compare_tmux_test.sh TEXTRACE SOURCE_DIR THESAURUS [--update]
#
# --update writes the golden file from this run. Exit status: 0 the screen is the golden one,
# 1 it is not (the difference is printed), 77 skipped: tmux is not installed, or the thesaurus
# (Debian's mythes-en-us, which marks the synonym swaps of the golden screen) is absent.
set -euo pipefail

if [[ $# -lt 3 ]]; then
  echo "usage: $0 TEXTRACE SOURCE_DIR THESAURUS [--update]" >&2
  exit 2
fi
cli=$(realpath "$1")
root=$2
thesaurus=$3
update=${4:-}
golden="$root/tests/term/compare_80.golden"

if ! command -v tmux >/dev/null; then
  echo "SKIP: tmux is not installed (apt-get install -y tmux)"
  exit 77
fi
if [[ ! -f $thesaurus ]]; then
  echo "SKIP: no thesaurus at $thesaurus (apt-get install -y mythes-en-us); the golden screen" \
       "marks synonym swaps"
  exit 77
fi

tmp=$(mktemp -d)
sock="$tmp/tmux.sock"
cleanup() {
  tmux -S "$sock" kill-server 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# A private server (its own socket, no configuration file), a UTF-8 locale for "£" and "’".
echo "set -g history-limit 5000" > "$tmp/tmux.conf"
cd "$root"
cmd="env -u TEXTRACE_THESAURUS -u NO_COLOR COLUMNS=132 '$cli' compare --no-color"
cmd+=" examples/sample/original_harbor.txt examples/sample/spun_harbor.txt"
cmd+=" --thesaurus '$thesaurus' 2>&1; tmux -S '$sock' wait-for -S compare-done; sleep 300"
LC_ALL=C.UTF-8 tmux -u -S "$sock" -f "$tmp/tmux.conf" new-session -d -x 80 -y 50 -s compare "$cmd"
if ! timeout 60 tmux -S "$sock" wait-for compare-done; then
  echo "FAIL: textrace compare did not finish in tmux within 60 s"
  exit 1
fi
# The pane's history and screen, without the empty rows below the output.
tmux -S "$sock" capture-pane -p -S - -E - -t compare |
  awk '{ lines[NR] = $0; if ($0 != "") last = NR } END { for (i = 1; i <= last; i++) print lines[i] }' \
  > "$tmp/screen"

if [[ $update == --update ]]; then
  cp "$tmp/screen" "$golden"
  echo "updated $golden ($(wc -l < "$golden") lines)"
  exit 0
fi
if ! diff -u "$golden" "$tmp/screen"; then
  echo "FAIL: the screen differs from $golden (above: - golden, + this run)"
  echo "      if the change is meant, run: $0 $* --update"
  exit 1
fi
echo "ok    textrace compare in tmux at 80 columns: $(wc -l < "$tmp/screen") lines as $golden"
