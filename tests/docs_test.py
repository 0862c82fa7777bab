#!/usr/bin/env python3
"""The examples in the documentation are true: what they say a command prints, it prints.

Two kinds of blocks are checked, in README.md, docs/*.md, examples/README.md and bench/README-*.md:

- ```console blocks: lines starting with "$ " are commands (a line ending in a backslash goes
  on), the lines up to the next command are what it prints on stdout, exactly. A line "..." in
  the expected output stands for any number of lines.
- ```cpp blocks whose first line is "// PATH": the rest must be lines of that file, in a row
  (a quoted excerpt of code that the build compiles and the tests run).
- ```sh blocks right under a heading "## Commands" (the README's list of commands): every line
  that is not a comment or blank must run and exit 0. Lines with "eval pan" are left out: they
  take minutes, and CI's quality gate runs that command.

Commands run with bash in a scratch folder that holds links to the build's textrace (as
./build/textrace), examples/ and bench/, with ../shared beside it when the repository has one, so
that outputs they write go nowhere near the sources.

usage: tests/docs_test.py --cli BUILD/textrace [--root REPO] [--verbose]
exit status: 0 all examples hold, 1 one does not (the difference is printed)
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

DOCS = ["README.md", "examples/README.md"]


def doc_files(root):
    files = [os.path.join(root, d) for d in DOCS]
    for folder, prefix in (("docs", ""), ("bench", "README-")):
        for name in sorted(os.listdir(os.path.join(root, folder))):
            if name.startswith(prefix) and name.endswith(".md"):
                files.append(os.path.join(root, folder, name))
    return [f for f in files if os.path.exists(f)]


def blocks(text):
    """Yields (info, first line number, lines, heading) for each fenced block."""
    lines = text.split("\n")
    heading = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line
        m = re.match(r"^```(\S*)\s*$", line)
        if m:
            start = i + 1
            j = start
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            yield m.group(1), start + 1, lines[start:j], heading
            i = j
        i += 1


def console_examples(lines):
    """(command, expected output lines) pairs of a console block."""
    out = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            i += 1
            continue
        command = lines[i][2:]
        while command.endswith("\\") and i + 1 < len(lines):
            i += 1
            command = command[:-1] + "\n" + lines[i]
        i += 1
        expected = []
        while i < len(lines) and not lines[i].startswith("$ "):
            expected.append(lines[i])
            i += 1
        while expected and expected[-1] == "":
            expected.pop()
        out.append((command, expected))
    return out


def matches(expected, got):
    """Whether `got` (lines) is `expected`, where a line "..." stands for any lines."""
    if not expected:
        return not got
    if expected[0] == "...":
        return any(matches(expected[1:], got[k:]) for k in range(len(got) + 1))
    return bool(got) and got[0] == expected[0] and matches(expected[1:], got[1:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    scratch = tempfile.mkdtemp(prefix="textrace-docs-")
    work = os.path.join(scratch, "repo")
    os.makedirs(os.path.join(work, "build"))
    os.symlink(os.path.abspath(args.cli), os.path.join(work, "build", "textrace"))
    for name in ("examples", "bench"):
        os.symlink(os.path.join(root, name), os.path.join(work, name))
    shared = os.path.join(os.path.dirname(root), "shared")
    if os.path.isdir(shared):
        os.symlink(shared, os.path.join(scratch, "shared"))
    env = dict(os.environ, COLUMNS="120", NO_COLOR="1", LC_ALL="C.UTF-8")
    failures = checked = 0
    try:
        for path in doc_files(root):
            rel = os.path.relpath(path, root)
            text = open(path, encoding="utf-8").read()
            for info, line_no, lines, heading in blocks(text):
                examples = []
                if info == "cpp" and lines and lines[0].startswith("// "):
                    checked += 1
                    source = os.path.join(root, lines[0][3:].strip())
                    quoted = [l.rstrip() for l in lines[1:]]
                    have = [l.rstrip() for l in open(source, encoding="utf-8").read().split("\n")] \
                        if os.path.exists(source) else []
                    if not any(have[k:k + len(quoted)] == quoted for k in range(len(have))):
                        failures += 1
                        print(f"FAILED: {rel}:{line_no}: the code quoted is not in {lines[0][3:]}")
                    continue
                if info == "console":
                    examples = [(c, e, True) for c, e in console_examples(lines)]
                elif info == "sh" and heading.strip() == "## Commands":
                    examples = [(l, [], False) for l in lines
                                if l.strip() and not l.lstrip().startswith("#") and "eval pan" not in l]
                for command, expected, check_output in examples:
                    if "../shared" in command and not os.path.isdir(shared):
                        print(f"skipped (no ../shared): {rel}:{line_no}: {command}")
                        continue
                    checked += 1
                    r = subprocess.run(["bash", "-c", command], cwd=work, env=env,
                                       capture_output=True, text=True, timeout=300)
                    got = r.stdout.rstrip("\n").split("\n") if r.stdout.strip() else []
                    ok = (matches(expected, got) if check_output else True) and r.returncode == 0
                    if args.verbose or not ok:
                        print(f"{'ok' if ok else 'FAILED'}: {rel}:{line_no}: {command}")
                    if not ok:
                        failures += 1
                        print(f"  exit status {r.returncode}; stderr: {r.stderr.strip()[:2000]}")
                        if check_output:
                            print("\n".join("  " + d for d in difflib.unified_diff(
                                expected, got, "documented", "printed", lineterm="")))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{checked - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
