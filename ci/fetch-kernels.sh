#!/usr/bin/env bash
# Fetches Debian kernels for `mtulab run --kernel DIR` without installing them: apt-get
# download + dpkg-deb -x into a cache directory (nothing in /boot, /lib/modules, grub or the
# dpkg database changes), depmod -b for the unpacked modules, and the uncompressed vmlinux
# (booted through its PVH entry: faster than the bzImage under TCG).
#
#   ci/fetch-kernels.sh [PACKAGE...]     default: linux-image-amd64 linux-image-6.12-amd64
#
# PACKAGE may be a meta-package (resolved to the linux-image-KVER it depends on now, so a
# security update is picked up) or a versioned linux-image-* name. Prints one kernel
# directory per line: DIR (DIR/vmlinux, DIR/lib/modules/KVER). The cache is
# $MTULAB_KERNEL_CACHE, default /var/cache/mtulab/kernels (outside any git tree).
set -euo pipefail

cache=${MTULAB_KERNEL_CACHE:-/var/cache/mtulab/kernels}
packages=("$@")
((${#packages[@]})) || packages=(linux-image-amd64 linux-image-6.12-amd64)

need() {  # the Debian package that provides command $1 is $2
  command -v "$1" >/dev/null || { echo "fetch-kernels: $1 missing: apt-get install $2" >&2; exit 2; }
}
need apt-get apt; need dpkg-deb dpkg; need depmod kmod

# A meta-package's linux-image-* dependency (its candidate version's), else the name itself.
resolve() {
  local dep
  dep=$(apt-cache depends --no-recommends --no-suggests "$1" 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
  echo "${dep:-$1}"
}

# The uncompressed ELF inside a bzImage: the kernel's scripts/extract-vmlinux method (find a
# compressor's magic, decompress from there, keep the first result that is an ELF).
extract_vmlinux() {
  local image=$1 out=$2 magic tool offset
  for pair in '1f8b08:gunzip' 'fd377a585a00:unxz' '28b52ffd:unzstd' '894c5a4f:lzop -d'; do
    magic=${pair%%:*}; tool=${pair#*:}
    for offset in $(od -An -v -tx1 -w1 "$image" | tr -d ' \n' |
                    grep -ob "$magic" | cut -d: -f1 | awk '$1 % 2 == 0 {print $1 / 2}' | head -n4); do
      tail -c +"$((offset + 1))" "$image" | $tool -c 2>/dev/null >"$out.part" || true
      if [[ $(head -c4 "$out.part" | od -An -tx1 | tr -d ' ') == 7f454c46 ]]; then
        mv "$out.part" "$out"; return 0
      fi
    done
  done
  rm -f "$out.part"; return 1
}

mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for p in "${packages[@]}"; do
  pkg=$(resolve "$p")
  dir=$cache/$pkg
  if [[ ! -f $dir/.complete ]]; then
    echo "fetch-kernels: $p -> $pkg" >&2
    rm -rf "$dir" "$dir.new"
    (cd "$work" && apt-get download -q "$pkg" >&2)
    dpkg-deb -x "$work/${pkg}"_*.deb "$dir.new"
    rm -f "$work/${pkg}"_*.deb
    kver=$(ls "$dir.new/lib/modules")
    depmod -b "$dir.new" "$kver"
    extract_vmlinux "$dir.new/boot/vmlinuz-$kver" "$dir.new/vmlinux" ||
      echo "fetch-kernels: no ELF vmlinux in $pkg's bzImage; mtulab boots the bzImage" >&2
    touch "$dir.new/.complete"
    mv "$dir.new" "$dir"
  fi
  echo "$dir"
done
