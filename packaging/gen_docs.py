#!/usr/bin/env python3
"""Man pages and shell completion generated from mtulab's own --help (one source of text).

    gen_docs.py BINARY OUTDIR            write OUTDIR/man1/*.1, OUTDIR/bash/mtulab, OUTDIR/zsh/_mtulab
    gen_docs.py --check BINARY OUTDIR    the man pages in OUTDIR, read back and as groff
                                         renders them (when installed), equal --help

The help text goes into the page verbatim in a no-fill block (.nf/.fi), escaped for roff, so
`man mtulab-run` shows exactly what `mtulab run --help` prints. Run with $MTULAB_DATA_DIR set
to the installed data directory so the pages name the installed paths.
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys


def help_text(binary, command=None):
    args = [binary] + ([command] if command else []) + ["--help"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    if not out.strip():
        raise SystemExit(f"{' '.join(args)} printed nothing")
    return out


def commands(top_help):
    """(name, summary) of each line of the 'commands:' block of `mtulab --help`."""
    block = top_help.split("commands:\n", 1)[1].split("\n\n", 1)[0]
    return [tuple(re.match(r"  (\S+)\s+(.*)", line).groups()) for line in block.splitlines()]


def options(text):
    """Every --long and -s option a help text lists at the start of an option line."""
    found = []
    for line in text.splitlines():
        m = re.match(r"  (-\w, )?(--[\w-]+)", line)
        if m:
            if m.group(1):
                found.append(m.group(1)[:2])
            found.append(m.group(2))
    return sorted(set(found))


def roff_escape(line):
    line = line.replace("\\", "\\e").replace("-", "\\-")
    if line.startswith((".", "'")):
        line = "\\&" + line
    return line


def roff_unescape(line):
    if line.startswith("\\&"):
        line = line[2:]
    return line.replace("\\-", "-").replace("\\e", "\\")


def man_page(name, summary, text, version, see_also):
    head = [f'.TH {name.upper()} 1 "" "{version}" "mtulab manual"',
            ".SH NAME", f"{name} \\- {roff_escape(summary)}",
            ".SH DESCRIPTION", ".nf"]
    body = [roff_escape(line) for line in text.rstrip("\n").split("\n")]
    tail = [".fi", ".SH SEE ALSO",
            ", ".join(f"\\fB{roff_escape(s)}\\fR(1)" for s in see_also)]
    return "\n".join(head + body + tail) + "\n"


def page_text(page):
    """The help text inside a generated page's .nf/.fi block."""
    lines = page.split("\n")
    start, end = lines.index(".nf"), lines.index(".fi")
    return "\n".join(roff_unescape(line) for line in lines[start + 1:end]) + "\n"


def rendered_text(path):
    """The DESCRIPTION of a page as groff renders it for a terminal (indent removed), or
    None without groff."""
    if not shutil.which("groff"):
        return None
    out = subprocess.run(["groff", "-man", "-Tutf8", "-P-c", "-P-b", "-P-u", "-P-o", "-rLL=250n",
                          str(path)], check=True, capture_output=True, text=True,
                         env={**os.environ, "LC_ALL": "C.UTF-8"}).stdout
    lines = out.split("\n")
    start = lines.index("DESCRIPTION") + 1
    end = lines.index("SEE ALSO")
    body = [line[7:] if line.startswith(" " * 7) else line for line in lines[start:end]]
    while body and not body[-1]:
        body.pop()
    return "\n".join(body) + "\n"


def bash_completion(cmds, opts):
    cases = "\n".join(f"    {name}) opts=\"{' '.join(o)}\" ;;" for name, o in opts.items())
    return f"""# bash completion for mtulab (generated from `mtulab --help` by gen_docs.py)
_mtulab() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} opts=""
  if ((COMP_CWORD == 1)); then
    COMPREPLY=($(compgen -W "{' '.join(c for c, _ in cmds)} help --help --version" -- "$cur"))
    return
  fi
  case ${{COMP_WORDS[1]}} in
{cases}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}}
complete -o filenames -F _mtulab mtulab
"""


def zsh_completion(cmds, opts):
    described = "\n".join(f"    '{c}:{s.replace(chr(39), '')}'" for c, s in cmds)
    cases = "\n".join(f"    {name}) opts=({' '.join(o)}) ;;" for name, o in opts.items())
    return f"""#compdef mtulab
# zsh completion for mtulab (generated from `mtulab --help` by gen_docs.py)
local -a cmds opts
if (( CURRENT == 2 )); then
  cmds=(
{described}
  )
  _describe command cmds
  return
fi
case $words[2] in
{cases}
esac
if [[ $PREFIX == -* ]]; then
  compadd -- $opts
else
  _files
fi
"""


def pages(binary):
    top = help_text(binary)
    version = subprocess.run([binary, "--version"], check=True, capture_output=True,
                             text=True).stdout.strip()
    cmds = commands(top)
    names = [f"mtulab-{c}" for c, _ in cmds]
    out = {"mtulab.1": (top, man_page("mtulab", top.split("\n")[0].split(": ", 1)[1].rstrip("."),
                                      top, version, names))}
    for c, summary in cmds:
        text = help_text(binary, c)
        out[f"mtulab-{c}.1"] = (text, man_page(f"mtulab-{c}", summary, text, version, ["mtulab"]))
    return cmds, out


def write(binary, outdir):
    cmds, generated = pages(binary)
    outdir = pathlib.Path(outdir)
    for sub in ("man1", "bash", "zsh"):
        (outdir / sub).mkdir(parents=True, exist_ok=True)
    for name, (_, page) in generated.items():
        (outdir / "man1" / name).write_text(page)
    opts = {c: options(generated[f"mtulab-{c}.1"][0]) for c, _ in cmds}
    (outdir / "bash" / "mtulab").write_text(bash_completion(cmds, opts))
    (outdir / "zsh" / "_mtulab").write_text(zsh_completion(cmds, opts))


def check(binary, outdir):
    _, generated = pages(binary)
    bad = 0
    for name, (text, _) in generated.items():
        path = pathlib.Path(outdir) / "man1" / name
        if not path.exists():
            print(f"missing man page {path}")
            bad += 1
        elif page_text(path.read_text()) != text:
            print(f"{path} differs from the --help text it was generated from")
            bad += 1
        elif (shown := rendered_text(path)) is not None and shown != text:
            print(f"{path} as `man` shows it differs from --help")
            bad += 1
    print(f"{len(generated)} man pages checked, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    write(sys.argv[1], sys.argv[2])
