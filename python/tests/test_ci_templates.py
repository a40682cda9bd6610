"""The CI templates under ci/ parse, shard and merge consistently, and use only flags the
binary (MTULAB_BINARY, else build/mtulab) documents in its --help."""

import os
import pathlib
import re
import subprocess

import pytest
import yaml

CHECKOUT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("MTULAB_BINARY", str(CHECKOUT / "build" / "mtulab"))


def load(name):
    with open(CHECKOUT / "ci" / name) as f:
        return yaml.safe_load(f)


def shell_lines(text):
    """Logical shell lines: backslash continuations joined."""
    return text.replace("\\\n", " ").splitlines()


def mtulab_commands(texts):
    """[(subcommand, [--flags])] of every `mtulab SUB ...` in the shell texts."""
    found = []
    for text in texts:
        for line in shell_lines(text):
            match = re.search(r"\bmtulab (run|list|merge)\b(.*)", line)
            if match:
                found.append((match.group(1), re.findall(r"(?<!\S)(--[a-z][a-z-]*)", match.group(2))))
    return found


def github_scripts(workflow):
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"]
            if "run" in step]


def gitlab_scripts(pipeline):
    return [line for job in pipeline.values() if isinstance(job, dict)
            for line in job.get("script", [])]


def help_text(subcommand):
    done = subprocess.run([BINARY, subcommand, "--help"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_every_mtulab_flag_in_the_template_is_documented(name):
    document = load(name)
    scripts = github_scripts(document) if name.startswith("github") else gitlab_scripts(document)
    commands = mtulab_commands(scripts)
    assert {sub for sub, _ in commands} == {"list", "run", "merge"}
    for sub, flags in commands:
        documented = help_text(sub)
        for flag in flags:
            assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", documented), \
                f"{name}: `mtulab {sub} {flag}` is not in `mtulab {sub} --help`"


def test_github_shards_are_merged_published_and_summarized():
    workflow = load("github-actions.yml")
    jobs = workflow["jobs"]
    shards = jobs["shard"]["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and len(shards) >= 2
    assert jobs["shard"]["strategy"]["fail-fast"] is False
    assert jobs["shard"]["env"]["SHARD"] == "${{ matrix.shard }}/${{ strategy.job-total }}"
    run = [s["run"] for s in jobs["shard"]["steps"] if "mtulab run" in s.get("run", "")]
    assert len(run) == 1 and run[0].startswith("sudo build/mtulab run --shard \"$SHARD\"")
    merge = jobs["merge"]
    assert set(merge["needs"]) == {"build", "shard"} and "always()" in merge["if"]
    steps = merge["steps"]
    merge_run = next(s["run"] for s in steps if "mtulab merge" in s.get("run", ""))
    junit = re.search(r"--junit (\S+)", merge_run).group(1)
    published = [s for s in steps if "junit" in s.get("uses", "")]
    assert len(published) == 1 and published[0]["with"]["report_paths"] == junit
    summary = re.search(r"--markdown (\S+)", merge_run).group(1)
    assert any(summary in s.get("run", "") and "$GITHUB_STEP_SUMMARY" in s["run"] for s in steps)
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "reports/"


def test_gitlab_parallel_jobs_shard_by_node_index_and_publish_junit():
    pipeline = load("gitlab-ci.yml")
    shard = pipeline["mtulab-shard"]
    assert isinstance(shard["parallel"], int) and shard["parallel"] >= 2
    script = "\n".join(shard["script"])
    assert '--shard "${CI_NODE_INDEX}/${CI_NODE_TOTAL}"' in script
    junit_out = re.search(r'--junit "(\S+)"', script).group(1)
    assert junit_out == "$OUT/junit.xml" and 'OUT="reports/shard-${CI_NODE_INDEX}"' in script
    assert shard["artifacts"]["reports"]["junit"] == "reports/shard-*/junit.xml"
    assert shard["artifacts"]["when"] == "always"
    merge = pipeline["mtulab-merge"]
    assert {"job": "mtulab-shard", "artifacts": True} in merge["needs"]
    assert merge["when"] == "always"
    assert "reports/shard-*/junit.xml" in "\n".join(merge["script"])
    for name in ("mtulab-build", "mtulab-shard", "mtulab-merge"):
        assert pipeline[name]["extends"] == ".mtulab-job"
    assert pipeline[".mtulab-job"]["before_script"] == ["ci/install-deps.sh"]
