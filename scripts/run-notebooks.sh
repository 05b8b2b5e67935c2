#!/usr/bin/env bash
# Executes every notebook in examples/notebooks/ headlessly on the Deno Jupyter kernel, as CI does.
#
#   bash scripts/run-notebooks.sh [notebook.ipynb …]
#
# Needs Debian's jupyter-nbconvert and jupyter-client (.ci/run installs them) and `npm run build` first:
# the notebooks import crmkit by its public names, which resolve to dist/ through package.json.
# The kernelspec is installed into a temporary folder (not ~/.local/share/jupyter), and the executed
# notebooks are written to $CRMKIT_ARTIFACTS_DIR/notebooks (default: a temporary folder), never over the
# committed ones. A cell that throws makes nbconvert, and so this script, fail; then
# scripts/check-notebooks.mjs checks each executed notebook (no error output, every table and chart the
# code displays arrived, each chart a spec vega-lite compiles).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v jupyter >/dev/null || { echo "jupyter is missing: apt-get install jupyter-nbconvert jupyter-client" >&2; exit 1; }
[ -f dist/index.js ] || { echo "dist/ is missing: run npm run build first" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="${CRMKIT_ARTIFACTS_DIR:-$work}/notebooks"
mkdir -p "$out"

# `deno jupyter --install` writes to $XDG_DATA_HOME/jupyter/kernels/deno; Jupyter finds it through JUPYTER_PATH.
export XDG_DATA_HOME="$work/data"
export JUPYTER_PATH="$work/data/jupyter"
export JUPYTER_RUNTIME_DIR="$work/runtime"
export JUPYTER_CONFIG_DIR="$work/config"
export IPYTHONDIR="$work/ipython"
export NO_COLOR=1
node_modules/.bin/deno --version | head -1
node_modules/.bin/deno jupyter --install --force >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; exit 1; }
[ -f "$JUPYTER_PATH/kernels/deno/kernel.json" ] || { echo "deno jupyter --install wrote no kernelspec" >&2; exit 1; }

if [ "$#" -gt 0 ]; then notebooks=("$@"); else notebooks=(examples/notebooks/*.ipynb); fi
for nb in "${notebooks[@]}"; do
  name="$(basename "$nb")"
  echo "== $nb"
  start=$(date +%s)
  if ! jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
    --output-dir "$out" --output "$name" "$nb" >"$work/nbconvert.log" 2>&1; then
    cat "$work/nbconvert.log" >&2
    echo "$nb failed: a cell raised (above)" >&2
    exit 1
  fi
  echo "   executed in $(( $(date +%s) - start )) s"
done
node scripts/check-notebooks.mjs "$out"/*.ipynb
