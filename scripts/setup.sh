#!/usr/bin/env bash
# Installs what building and testing the project needs, once; every later run skips what is present.
#
#   scripts/setup.sh          tools to build and run the app (Rust target, cargo-leptos, wasm-bindgen, wasm-opt)
#   scripts/setup.sh --test   the same, plus what the tests need (Chromium, chromedriver, PostgreSQL)
#
# Everything comes from crates.io, npm or Debian's packages: nothing is downloaded from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs a newer rustc than the pinned toolchain
BINARYEN_VERSION=132.0.0      # npm's binaryen; Debian's binaryen 108 builds a WASM that never hydrates
SCHEMATHESIS_VERSION=4.32.5
OPENAPI_VALIDATOR_VERSION=0.9.0
want_test=false
[[ "${1:-}" == "--test" ]] && want_test=true

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "[setup] need root to run: $*" >&2; exit 1; fi
}

apt_updated=false
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  say "installing Debian packages: ${missing[*]}"
  if ! $apt_updated; then as_root apt-get update -qq; apt_updated=true; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# A C toolchain for the crates that build C (SQLite, OpenSSL for cargo-leptos), and Node.js for wasm-opt.
command -v dpkg >/dev/null && apt_install build-essential pkg-config libssl-dev perl ca-certificates
command -v npm >/dev/null || apt_install nodejs npm

# The Rust toolchain named in rust-toolchain.toml, with the WASM target.
rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# cargo-leptos at the pinned version (~12 min to build once).
if [[ "$(cargo leptos --version 2>/dev/null || true)" != *"$CARGO_LEPTOS_VERSION"* ]]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (takes ~12 minutes once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock. No --locked: its lock names a
# webpki-roots version the registry no longer serves.
wbg_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wbg_version" ]]; then
  say "installing wasm-bindgen-cli $wbg_version"
  cargo install wasm-bindgen-cli --version "$wbg_version" --force
fi

# wasm-opt from npm's binaryen into tools/ (git-ignored); scripts put tools/bin on PATH.
if [[ ! -x tools/bin/wasm-opt ]] || [[ "$(tools/bin/wasm-opt --version 2>/dev/null || true)" != *"${BINARYEN_VERSION%%.*}"* ]]; then
  say "installing wasm-opt (npm binaryen $BINARYEN_VERSION) into tools/"
  mkdir -p tools/bin
  npm install --silent --no-audit --no-fund --prefix tools "binaryen@$BINARYEN_VERSION" >/dev/null
  ln -sf ../node_modules/.bin/wasm-opt tools/bin/wasm-opt
fi

if $want_test; then
  # Debian's Chromium and its driver, for the end-to-end tests; PostgreSQL for the second engine;
  # wrk, the load generator of the submission benchmark (its smoke run is a test); poppler-utils,
  # whose pdftoppm turns the demo report into the PNG pages the test run leaves to look at.
  apt_install chromium chromium-driver postgresql wrk poppler-utils haproxy
  # From PyPI into tools/venv: an OpenAPI validator and schemathesis, which the API tests run
  # against /api/v1/openapi.json.
  if [[ "$(tools/venv/bin/schemathesis --version 2>/dev/null || true)" != *"$SCHEMATHESIS_VERSION"* ]] \
     || [[ "$(tools/venv/bin/pip show openapi-spec-validator 2>/dev/null || true)" != *"Version: $OPENAPI_VALIDATOR_VERSION"* ]]; then
    say "installing schemathesis $SCHEMATHESIS_VERSION and openapi-spec-validator into tools/venv"
    command -v python3 >/dev/null || apt_install python3 python3-venv
    if ! python3 -m venv tools/venv >/dev/null 2>&1; then
      apt_install python3-venv   # Debian's python3 makes venvs only with it
      rm -rf tools/venv && python3 -m venv tools/venv
    fi
    tools/venv/bin/pip install --quiet --disable-pip-version-check \
      "schemathesis==$SCHEMATHESIS_VERSION" "openapi-spec-validator==$OPENAPI_VALIDATOR_VERSION"
  fi
fi
say "tools ready"
