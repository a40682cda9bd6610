"""The cluster packaging (packaging/sonobuoy, packaging/k8s, packaging/container) is
consistent: the YAML parses, the Sonobuoy plugin has the keys of its contract, selectors
match the pods they must find, the manifests run the path the Containerfile installs the
entrypoint to, set only variables the entrypoint reads, and the entrypoint is
shellcheck-clean. No cluster and no container build here: that is all checked statically."""

import pathlib
import re
import shutil
import subprocess

import pytest
import yaml

PACKAGING = pathlib.Path(__file__).resolve().parent
ENTRYPOINT = PACKAGING / "sonobuoy" / "entrypoint.sh"


def load_all(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def containerfile():
    return (PACKAGING / "container" / "Containerfile").read_text()


def installed_entrypoint():
    """Where the Containerfile copies entrypoint.sh (the path the manifests must run)."""
    m = re.search(r"^COPY packaging/sonobuoy/entrypoint\.sh (\S+)$", containerfile(), re.M)
    assert m, "the Containerfile does not copy packaging/sonobuoy/entrypoint.sh"
    return m.group(1)


def env_of(container):
    return {e["name"]: e.get("value") for e in container.get("env", [])}


def check_container(container, results_dir):
    assert container["command"] == [installed_entrypoint()]
    env = env_of(container)
    assert {"POD_NAME", "POD_IP", "MTULAB_SERVICE"} <= env.keys()
    assert env["MTULAB_RESULTS_DIR"] == results_dir
    assert env["MTULAB_STAY"] == "1", "a DaemonSet pod that exits is restarted"
    script = ENTRYPOINT.read_text()
    for name in env:
        assert re.search(r"\$\{?" + name + r"\b", script), f"entrypoint never reads {name}"
    caps = container["securityContext"]["capabilities"]
    assert caps["add"] == ["NET_RAW"] and caps["drop"] == ["ALL"]
    return env


def test_sonobuoy_plugin_contract():
    (plugin,) = load_all(PACKAGING / "sonobuoy" / "mtulab-mtu.yaml")
    cfg = plugin["sonobuoy-config"]
    assert cfg["driver"] == "DaemonSet"
    assert cfg["plugin-name"] == "mtulab-mtu"
    assert cfg["result-format"] == "junit"
    assert cfg["description"] and cfg["source-url"]
    env = check_container(plugin["spec"], "/tmp/sonobuoy/results")
    pod = plugin["podSpec"]
    assert pod["hostNetwork"] is False, "the probes must take the pod network"
    sysctls = {s["name"]: s["value"] for s in pod["securityContext"]["sysctls"]}
    assert sysctls["net.ipv4.ping_group_range"] == "0 2147483647"

    (svc,) = load_all(PACKAGING / "sonobuoy" / "service.yaml")
    assert svc["kind"] == "Service" and svc["spec"]["clusterIP"] == "None"
    assert svc["metadata"]["name"] == env["MTULAB_SERVICE"]
    assert svc["metadata"]["namespace"] == "sonobuoy"
    assert svc["spec"]["selector"] == {"sonobuoy-plugin": cfg["plugin-name"]}


def test_plain_kubernetes_manifests():
    docs = {d["kind"]: d for d in load_all(PACKAGING / "k8s" / "mtulab-mtu.yaml")}
    assert sorted(docs) == ["DaemonSet", "Namespace", "Service"]
    ns = docs["Namespace"]["metadata"]["name"]
    ds, svc = docs["DaemonSet"], docs["Service"]
    assert ds["metadata"]["namespace"] == ns and svc["metadata"]["namespace"] == ns
    labels = ds["spec"]["template"]["metadata"]["labels"]
    assert ds["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert svc["spec"]["clusterIP"] == "None"
    assert svc["spec"]["selector"].items() <= labels.items()
    pod = ds["spec"]["template"]["spec"]
    assert pod["hostNetwork"] is False
    (container,) = pod["containers"]
    env = check_container(container, "/results")
    assert env["MTULAB_SERVICE"] == svc["metadata"]["name"]
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert mounts["results"] == env["MTULAB_RESULTS_DIR"] and "emptyDir" in volumes["results"]


def test_containerfile():
    text = containerfile()
    assert re.search(r"^FROM debian:12-slim$", text, re.M)
    assert re.search(r"apt-get install .*/mtulab_\*\.deb", text), "installs the .deb"
    assert f'ENTRYPOINT ["{installed_entrypoint()}"]' in text


def test_entrypoint_is_shellcheck_clean():
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.fail("shellcheck is missing (Debian: shellcheck, ci/install-deps.sh)")
    run = subprocess.run([shellcheck, "--shell=sh", str(ENTRYPOINT)], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout + run.stderr
