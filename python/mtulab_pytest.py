"""pytest plugin: every mtulab case becomes a pytest item.

Collection asks the binary (`mtulab list --format tsv FILE`), so pytest sees exactly the
cases `mtulab run` would run. The first item to run runs every selected case of the session
in one `mtulab run` (in parallel, -j; --filter per case when some are deselected), and every
item then reports its own verdict from that run's JUnit: pass -> passed, fail -> failed (with the unmet
expectations, expected vs observed, and the facts of the steps that decided), skip ->
skipped (with mtulab's reason), error -> error (with the failing operation). A run whose
reports could not be written (exit 3) makes every item an error saying so.

Use it with either
    PYTHONPATH=python pytest -p mtulab_pytest suites/
    pytest python/ --mtulab-suites suites/
or install it (python/pyproject.toml, a pytest11 entry point) and run plain `pytest`.
The binary: --mtulab-binary, else $MTULAB_BINARY, else <checkout>/build/mtulab when this
module runs from a checkout, else `mtulab` on PATH.
`mtulab run` needs root; without it every item errors with mtulab's message.
"""

import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET

import pytest

CHECKOUT = pathlib.Path(__file__).resolve().parent.parent


def default_binary():
    """<checkout>/build/mtulab when this module is the checkout's python/mtulab_pytest.py,
    else `mtulab` on PATH (an installed plugin and an installed mtulab)."""
    built = CHECKOUT / "build" / "mtulab"
    if (CHECKOUT / "CMakeLists.txt").exists() and os.access(built, os.X_OK):
        return str(built)
    return shutil.which("mtulab") or "mtulab"


def pytest_addoption(parser):
    group = parser.getgroup("mtulab", "mtulab cases as pytest items")
    group.addoption("--mtulab-binary", default=None,
                    help="mtulab binary (default: $MTULAB_BINARY, else <checkout>/build/mtulab "
                    "from a checkout, else mtulab on PATH)")
    group.addoption("--mtulab-suites", action="append", default=[], metavar="PATH",
                    help="suite file or directory to collect (repeatable)")
    group.addoption("--mtulab-jobs", type=int, default=None, metavar="N",
                    help="cases each `mtulab run` runs at once (default: mtulab's, the CPUs)")
    group.addoption("--mtulab-reports", default=None, metavar="DIR",
                    help="keep each run's JUnit (and kept captures) under DIR")


def pytest_configure(config):
    config.args.extend(str(p) for p in config.getoption("mtulab_suites"))
    config.stash[_STATE] = _State(config)


def pytest_unconfigure(config):
    state = config.stash.get(_STATE, None)
    if state is not None:
        state.cleanup()


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".xml" and _is_suite(file_path):
        return MtulabSuiteFile.from_parent(parent, path=file_path)
    return None


def _is_suite(path):
    """True when the first element is <suite> (topologies are <topology>). A lenient sniff:
    anything unreadable counts as a suite, so that `mtulab list` explains what is wrong."""
    try:
        with open(path, "rb") as f:
            head = f.read(65536).decode("utf-8", "replace")
    except OSError:
        return True
    head = re.sub(r"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>]*>", "", head, flags=re.S)
    match = re.search(r"<([A-Za-z_][\w.-]*)", head)
    return match is None or match.group(1) == "suite"


class _State:
    """Session-wide settings and the directory holding each run's reports."""

    def __init__(self, config):
        self.binary = (config.getoption("mtulab_binary") or os.environ.get("MTULAB_BINARY")
                       or default_binary())
        self.jobs = config.getoption("mtulab_jobs")
        kept = config.getoption("mtulab_reports")
        self._temp = None if kept else tempfile.mkdtemp(prefix="mtulab-pytest-")
        self.reports = pathlib.Path(kept or self._temp)
        self._results = None

    def cleanup(self):
        if self._temp:
            shutil.rmtree(self._temp, ignore_errors=True)

    def results(self, session):
        """Runs every selected case of the session in one `mtulab run` (so they run in
        parallel across files), once; returns {case_id: CaseResult} or a RunFailure."""
        if self._results is None:
            self._results = self._run(session)
        return self._results

    def _run(self, session):
        items = [i for i in session.items if isinstance(i, MtulabCase)]
        files = list(dict.fromkeys(i.parent for i in items))
        everything = all(sorted(i.case_id for i in items if i.parent is f) == sorted(f.listed)
                         for f in files)
        junit = self.reports / "junit.xml"
        args = ["run", "--junit", str(junit)]
        if self.jobs:
            args += ["-j", str(self.jobs)]
        if not everything:
            for item in items:
                args += ["--filter", item.case_id]
        try:
            command = self.command(*args, *(f.as_given() for f in files))
        except MtulabUnavailable as e:
            return RunFailure(str(e))
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              cwd=session.config.invocation_params.dir)
        if done.returncode == EXIT_REPORT_WRITE:
            return ReportWriteFailure(command, done.stderr, junit)
        # 130/143: interrupted by SIGINT/SIGTERM; the JUnit holds the finished cases and the
        # rest as <error type="Interrupted">.
        if done.returncode not in (0, 1, 130, 143) or not junit.exists():
            return RunFailure(f"`{' '.join(command)}` exited {done.returncode}:\n"
                              f"{done.stderr.strip()}")
        return parse_junit(junit)

    def command(self, *args):
        if not os.access(self.binary, os.X_OK):
            raise MtulabUnavailable(
                f"mtulab binary not found at {self.binary} (install mtulab on PATH, build "
                "it, or set --mtulab-binary / MTULAB_BINARY)")
        return [self.binary, *args]


_STATE = pytest.StashKey[_State]()


class MtulabUnavailable(Exception):
    pass


class MtulabSuiteFile(pytest.File):
    """A suite file; its cases come from `mtulab list`."""

    def collect(self):
        state = self.config.stash[_STATE]
        try:
            command = state.command("list", "--format", "tsv", self.as_given())
        except MtulabUnavailable as e:
            raise self.CollectError(str(e)) from None
        listed = subprocess.run(command, capture_output=True, text=True, check=False,
                                cwd=self.config.invocation_params.dir)
        if listed.returncode != 0:
            raise self.CollectError(listed.stderr.strip() or f"mtulab list exited {listed.returncode}")
        self.listed = []
        for line in listed.stdout.splitlines():
            case_id, where, description = line.split("\t", 2)
            self.listed.append(case_id)
            yield MtulabCase.from_parent(self, name=case_id.split("/", 1)[1], case_id=case_id,
                                         where=where, description=description)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, self.CollectError):
            return str(excinfo.value.args[0])
        return super().repr_failure(excinfo)

    def as_given(self):
        """The file relative to where pytest was started (as mtulab's messages should show
        it), or absolute when it lies elsewhere."""
        start = pathlib.Path(self.config.invocation_params.dir)
        try:
            return str(self.path.relative_to(start))
        except ValueError:
            return str(self.path)


class RunFailure:
    """`mtulab run` did not produce verdicts (config error, no root, crash)."""

    def __init__(self, text):
        self.text = text


# `mtulab run`'s exit code when the cases ran but a report could not be written (README,
# "exit codes"); 1 is only for failed or errored cases.
EXIT_REPORT_WRITE = 3


class ReportWriteFailure(RunFailure):
    """`mtulab run` exited 3: the cases ran, but a report could not be written. Every item
    errors saying so (with mtulab's message naming the report) rather than passing or
    failing as if the run were complete; the case's own verdict is added when the JUnit
    could still be read."""

    def __init__(self, command, stderr, junit):
        lines = [l for l in stderr.splitlines() if l.strip()]
        named = [l for l in lines if "report" in l or "writ" in l] or lines[-3:]
        super().__init__("mtulab could not write a report (exit 3: the cases ran, a report "
                         f"was not written) in `{' '.join(command)}`:\n" + "\n".join(named))
        try:
            self.verdicts = parse_junit(junit) if junit.exists() else {}
        except ET.ParseError:
            self.verdicts = {}

    def text_for(self, case_id):
        verdict = self.verdicts.get(case_id)
        if verdict is None:
            return self.text
        return f"{self.text}\n(mtulab's verdict for {case_id} in its JUnit: {verdict.outcome})"


class CaseResult:
    """One <testcase> of mtulab's JUnit."""

    def __init__(self, outcome, message="", body="", system_out=""):
        self.outcome = outcome  # "pass", "fail", "skip", "error"
        self.message = message
        self.body = body
        self.system_out = system_out

    def steps(self):
        """{step description: [fact lines]} from system-out ("step N ...", "  name=value")."""
        steps, current = {}, None
        for line in self.system_out.splitlines():
            if line.startswith("step "):
                current = steps.setdefault(line, [])
            elif current is not None and line.startswith("  ") and "=" in line:
                current.append(line.strip())
        return steps

    def deciding_text(self, case_id, where, description):
        """The unmet expectations, then the facts of the steps they belong to."""
        lines = [f"mtulab case {case_id} failed ({where})"]
        if description:
            lines.append(f"  {description}")
        lines.append("unmet expectations (expected vs observed):")
        unmet = [u for u in self.body.splitlines() if u.strip()] or [self.message]
        lines += [f"  {u}" for u in unmet]
        lines.append("deciding facts:")
        for step, facts in self.steps().items():
            if any(u.startswith(step + ":") for u in unmet):
                lines.append(f"  {step}")
                lines += [f"    {f}" for f in facts]
        return "\n".join(lines)


def parse_junit(path):
    """{"suite/case": CaseResult} from a JUnit file mtulab wrote."""
    results = {}
    for suite in ET.parse(path).getroot().iter("testsuite"):
        for case in suite.iter("testcase"):
            outcome, message, body = "pass", "", ""
            for tag, name in (("error", "error"), ("failure", "fail"), ("skipped", "skip")):
                verdict = case.find(tag)
                if verdict is not None:
                    outcome = name
                    message = verdict.get("message", "")
                    body = verdict.text or ""
                    break
            out = case.find("system-out")
            results[f"{suite.get('name')}/{case.get('name')}"] = CaseResult(
                outcome, message, body, (out.text or "") if out is not None else "")
    return results


def _skip_here(reason):
    """Skips, reported at the case's location rather than at this line."""
    try:
        raise pytest.skip.Exception(reason, _use_item_location=True)
    except TypeError:  # a pytest without that keyword
        pytest.skip(reason)


class MtulabCase(pytest.Item):
    """One mtulab case; its verdict comes from its file's run."""

    def __init__(self, *, case_id, where, description, **kwargs):
        super().__init__(**kwargs)
        self.case_id = case_id
        self.where = where
        self.description = description

    def _result(self):
        results = self.config.stash[_STATE].results(self.session)
        if isinstance(results, ReportWriteFailure):
            pytest.fail(results.text_for(self.case_id), pytrace=False)  # in setup: an error
        if isinstance(results, RunFailure):
            pytest.fail(results.text, pytrace=False)  # in setup: reported as an error
        result = results.get(self.case_id)
        if result is None:
            pytest.fail(f"mtulab run reported nothing for {self.case_id}", pytrace=False)
        return result

    def setup(self):
        result = self._result()
        if result.outcome == "skip":
            _skip_here(f"mtulab: {result.message}")
        if result.outcome == "error":
            pytest.fail(f"mtulab error in {self.case_id}: {result.body or result.message}",
                        pytrace=False)

    def runtest(self):
        result = self._result()
        if result.outcome == "fail":
            pytest.fail(result.deciding_text(self.case_id, self.where, self.description),
                        pytrace=False)

    def reportinfo(self):
        line = int(self.where.rsplit(":", 1)[1]) - 1 if ":" in self.where else None
        return self.path, line, f"mtulab {self.case_id}"
