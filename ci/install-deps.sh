#!/usr/bin/env bash
# Installs the Debian 12 packages mtulab needs to build, run and test, plus any package named
# as an argument (ci/fuzz.sh adds its compiler). Idempotent: apt runs only when something is
# missing.
set -euo pipefail

packages=(
  g++ cmake make pkg-config                       # toolchain
  libnl-3-dev libnl-route-3-dev libnl-genl-3-dev  # netlink (route, genl)
  libnl-xfrm-3-dev                                # xfrm netlink: <ipsec> states and policies
  libpcap-dev libpugixml-dev libgtest-dev         # capture, XML, tests
  libnftables-dev                                 # ICMP filters, MSS clamps (libnftables, no nft process)
  libsodium-dev nlohmann-json3-dev                # WireGuard keys (X25519, base64); JSON reports
  iproute2 iputils-ping util-linux                # used by the tests to observe (ip, ping, setpriv)
  wireguard-go                                    # userspace WireGuard when the kernel lacks the module
  containernetworking-plugins                     # the CNI plugins that build <pod>s
  iptables                                        # iptables-legacy / ip6tables-legacy: <mss-clamp backend="iptables">
  python3-pytest python3-yaml                     # pytest plugin (python/), CI template tests
  python3-venv python3-setuptools python3-wheel   # `pip install` of the plugin, offline (test)
  dpkg-dev groff-base                             # CPack .deb (dpkg-shlibdeps: Depends); man pages rendered in a test
  libgraphviz-dev                                 # HTML topology pictures (libgvc, in-process; its dot/svg plugins)
  libxml2-utils python3-junitparser               # report/schema tests (xmllint, junitparser)
  python3-jsonschema                              # lint SARIF against the SARIF 2.1.0 schema
  shellcheck                                      # packaging/sonobuoy/entrypoint.sh (packaging_manifests_test)
  clang-format-14 clang-tidy-14                   # ci/style.sh (changed lines and files only)
  universal-ctags                                 # ci/sizes.sh (test house_sizes)
  qemu-system-x86 busybox-static kmod xz-utils     # kernel lane (run --kernel): VM, initramfs, depmod
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
fi
