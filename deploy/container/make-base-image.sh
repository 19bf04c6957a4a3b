#!/usr/bin/env bash
# Makes a local stand-in for `node:24-slim` when no image registry is reachable: a minimal
# Debian bookworm root (debootstrap) plus this machine's Node, npm and Node headers (headers so
# better-sqlite3 can compile from source without downloading them). The Dockerfile builds on it
# with `--build-arg NODE_IMAGE=<tag>`. Idempotent: an image already present is kept (the cache).
#
# Usage: deploy/container/make-base-image.sh [tag]        (needs root, debootstrap and podman)
# Extra podman flags (e.g. `--runtime /usr/sbin/runc --cgroup-manager=cgroupfs`) go in $PODMAN_FLAGS.
set -euo pipefail

node_bin="$(command -v node)"
node_version="$("$node_bin" --version)"
tag="${1:-localhost/gleantap-capture-node-base:${node_version#v}}"
read -r -a podman_flags <<< "${PODMAN_FLAGS:-}"
podman() { command podman "${podman_flags[@]}" "$@"; }

if podman image exists "$tag"; then
  echo "make-base-image: $tag already present"
  exit 0
fi

# This machine's Node must run on bookworm's glibc; npm and the headers come from beside it.
node_prefix="$(cd "$(dirname "$(readlink -f "$node_bin")")/.." && pwd)"
npm_dir="$node_prefix/lib/node_modules/npm"
headers="$node_prefix/include/node"
[ -d "$npm_dir" ] || { echo "make-base-image: no npm at $npm_dir" >&2; exit 1; }
[ -f "$headers/node.h" ] || { echo "make-base-image: no Node headers at $headers" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
echo "make-base-image: debootstrap bookworm (minbase) into $rootfs"
debootstrap --variant=minbase bookworm "$rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" > "$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
# The same layout as the official image: node and npm under /usr/local.
install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
cp -a "$headers" "$rootfs/usr/local/include/node"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
# Where this machine reaches the npm registry through a TLS-inspecting proxy, its extra CAs go
# in too (public certificates only), so npm inside the build trusts what npm here trusts.
ca_env=()
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r "$NODE_EXTRA_CA_CERTS" ]; then
  mkdir -p "$rootfs/usr/local/share/ca-certificates"
  cp "$NODE_EXTRA_CA_CERTS" "$rootfs/usr/local/share/ca-certificates/host-extra-ca.pem"
  ca_env=(--change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/host-extra-ca.pem')
fi

# npm_config_nodedir: node-gyp finds the copied headers instead of fetching them from nodejs.org.
tar -C "$rootfs" -c . | podman import --quiet "${ca_env[@]}" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV npm_config_nodedir=/usr/local' \
  --change 'CMD ["node"]' \
  - "$tag" > /dev/null
echo "make-base-image: made $tag (node $node_version)"
