#!/usr/bin/env bash
# Vendor the project's pinned JavaScript from the npm registry.
#
# Each package is fetched with `npm pack <name>@<exact version>` into a temporary directory,
# its tarball's sha512 is checked against the integrity recorded below (the registry's
# `dist.integrity`), and the files we use are copied into the tree with their licences and a
# README line. The results are committed: nothing is downloaded at test or run time.
#
# To upgrade: change the version, run `npm view <name>@<version> dist.integrity`, paste the
# value here, run this script and commit what changed.
set -euo pipefail

cd "$(dirname "$0")/.."

HTMX_VERSION="2.0.11"
HTMX_INTEGRITY="sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=="

CHARTJS_VERSION="4.6.1"
CHARTJS_INTEGRITY="sha512-hJyniucsFmq//EvXYvJ6c6mahPoI3kaxdjVH8awTaJ/fDNWeSqqqArixMJWkWNN6fcYvPU3HneSANFNYtRi61g=="

AXE_VERSION="4.14.1"
AXE_INTEGRITY="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="

command -v npm >/dev/null || { echo "vendor-js: npm is needed (apt-get install npm)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# fetch NAME VERSION INTEGRITY: pack, verify and unpack one package into $WORK/NAME/package.
fetch() {
    local name="$1" version="$2" expected="$3"
    local dir="$WORK/$name" tarball actual
    mkdir -p "$dir"
    tarball="$(cd "$dir" && npm pack --silent "$name@$version" | tail -n 1)"
    if [ -z "$tarball" ] || [ ! -f "$dir/$tarball" ]; then
        echo "vendor-js: npm pack $name@$version produced no tarball" >&2
        exit 1
    fi
    actual="sha512-$(openssl dgst -sha512 -binary "$dir/$tarball" | base64 -w 0)"
    if [ "$actual" != "$expected" ]; then
        {
            echo "vendor-js: INTEGRITY MISMATCH for $name@$version"
            echo "  expected $expected"
            echo "  got      $actual"
            echo "Refusing to vendor it. Check the registry and the value recorded in $0."
        } >&2
        exit 1
    fi
    tar -xzf "$dir/$tarball" -C "$dir"
    echo "vendor-js: $name@$version verified ($expected)"
}

# readme DIR LINE...: write DIR/README.md naming what is vendored there.
readme() {
    local dir="$1"
    shift
    {
        echo "# Vendored JavaScript"
        echo
        echo "Written by \`scripts/vendor-js.sh\` from the npm registry; each tarball's sha512"
        echo "integrity is checked before use. Do not edit these files: change the pinned version"
        echo "in the script and run it again."
        echo
        printf -- '- %s\n' "$@"
    } >"$dir/README.md"
}

fetch htmx.org "$HTMX_VERSION" "$HTMX_INTEGRITY"
HTMX_DEST="static/vendor/htmx"
mkdir -p "$HTMX_DEST"
cp "$WORK/htmx.org/package/dist/htmx.min.js" "$HTMX_DEST/htmx.min.js"
cp "$WORK/htmx.org/package/LICENSE" "$HTMX_DEST/LICENSE"

fetch chart.js "$CHARTJS_VERSION" "$CHARTJS_INTEGRITY"
CHARTJS_DEST="static/vendor/chartjs"
mkdir -p "$CHARTJS_DEST"
# The source map is not vendored, so its reference goes: collectstatic's manifest storage
# refuses a file that points at a missing one.
sed '/^\/\/# sourceMappingURL=/d' "$WORK/chart.js/package/dist/chart.umd.min.js" >"$CHARTJS_DEST/chart.umd.min.js"
cp "$WORK/chart.js/package/LICENSE.md" "$CHARTJS_DEST/LICENSE.md"

readme static/vendor \
    "\`htmx/htmx.min.js\`: htmx.org $HTMX_VERSION (\`dist/htmx.min.js\`, licence 0BSD in \`htmx/LICENSE\`), integrity \`$HTMX_INTEGRITY\`" \
    "\`chartjs/chart.umd.min.js\`: chart.js $CHARTJS_VERSION (\`dist/chart.umd.min.js\`, licence MIT in \`chartjs/LICENSE.md\`), integrity \`$CHARTJS_INTEGRITY\`"

fetch axe-core "$AXE_VERSION" "$AXE_INTEGRITY"
AXE_DEST="tests/browser/vendor"
mkdir -p "$AXE_DEST"
cp "$WORK/axe-core/package/axe.min.js" "$AXE_DEST/axe.min.js"
cp "$WORK/axe-core/package/LICENSE" "$AXE_DEST/LICENSE"
cp "$WORK/axe-core/package/LICENSE-3RD-PARTY.txt" "$AXE_DEST/LICENSE-3RD-PARTY.txt"
readme "$AXE_DEST" \
    "\`axe.min.js\`: axe-core $AXE_VERSION (licence MPL-2.0 in \`LICENSE\`, bundled code in \`LICENSE-3RD-PARTY.txt\`), integrity \`$AXE_INTEGRITY\`; used by the browser tests only, never served"

echo "vendor-js: done"
