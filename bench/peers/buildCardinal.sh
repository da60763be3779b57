#!/usr/bin/env bash
# Fetch and build Cardinal (open-contracting/cardinal-rs, the OCP's OCDS red-flag CLI) into the
# git-ignored .peers/ folder, for the issue-14 comparison and benchmark. Its source and binary are
# never committed. Idempotent: if the binary already exists, prints its path and exits.
#
# Usage: bash bench/peers/buildCardinal.sh [--source-only]
#        --source-only: fetch and unpack the source distribution (with Cardinal's own test fixtures,
#        tests/fixtures/indicators/) without building; prints the source folder as its last line.
# Env:   CARDINAL_VERSION (default 0.0.8)
#        CARGO_JOBS       (default 1: the machine has 2 shared cores)
#        RUSTUP_TOOLCHAIN (optional; the crate's rust-toolchain file asks for nightly. Set
#                          RUSTUP_TOOLCHAIN=stable to override if nightly is not installed.)
# Prints the binary's absolute path as its last line of stdout.
set -euo pipefail

VERSION="${CARDINAL_VERSION:-0.0.8}"
JOBS="${CARGO_JOBS:-1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEERS="$ROOT/.peers"
SRC="$PEERS/cardinal"
BIN="$SRC/target/release/ocdscardinal"

SOURCE_ONLY=""
[[ "${1:-}" == "--source-only" ]] && SOURCE_ONLY=1

if [[ -z "$SOURCE_ONLY" && -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi

die() { echo "buildCardinal: $*" >&2; exit 1; }

mkdir -p "$PEERS"

if [[ ! -f "$SRC/Cargo.toml" ]]; then
  SDIST="$PEERS/ocdscardinal-$VERSION.tar.gz"
  if [[ ! -f "$SDIST" ]]; then
    PIP=""
    for c in pip3 pip; do
      if command -v "$c" >/dev/null 2>&1; then PIP="$c"; break; fi
    done
    if [[ -z "$PIP" ]] && command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
      PIP="python3 -m pip"
    fi
    [[ -n "$PIP" ]] || die "pip is not installed (needed to download the ocdscardinal $VERSION source distribution from PyPI). Install python3-pip."
    echo "buildCardinal: downloading ocdscardinal==$VERSION source distribution into $PEERS" >&2
    # --no-binary ocdscardinal (not :all:) fetches the same source distribution, but lets pip take
    # the maturin build backend (needed only to read the sdist's metadata) as a wheel instead of
    # compiling maturin itself from source.
    $PIP download --no-deps --no-binary ocdscardinal "ocdscardinal==$VERSION" -d "$PEERS" >&2 \
      || die "pip download of ocdscardinal==$VERSION failed"
  fi
  [[ -f "$SDIST" ]] || die "expected $SDIST after pip download, not found"
  TMP="$(mktemp -d "$PEERS/unpack.XXXXXX")"
  tar -xzf "$SDIST" -C "$TMP" || { rm -rf "$TMP"; die "could not unpack $SDIST"; }
  rm -rf "$SRC"
  mv "$TMP/ocdscardinal-$VERSION" "$SRC"
  rmdir "$TMP"
fi

if [[ -n "$SOURCE_ONLY" ]]; then
  echo "$SRC"
  exit 0
fi

command -v cargo >/dev/null 2>&1 || die "cargo is not installed (needed to build Cardinal). Install Rust via rustup, with the nightly toolchain (or set RUSTUP_TOOLCHAIN=stable)."

if [[ -z "${RUSTUP_TOOLCHAIN:-}" ]] && command -v rustup >/dev/null 2>&1; then
  WANT=""
  if [[ -f "$SRC/rust-toolchain.toml" ]]; then
    WANT="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$SRC/rust-toolchain.toml" | head -1)"
  elif [[ -f "$SRC/rust-toolchain" ]]; then
    WANT="$(head -1 "$SRC/rust-toolchain" | tr -d '[:space:]')"
  fi
  if [[ -n "$WANT" ]] && ! rustup toolchain list | grep -q "^$WANT"; then
    echo "buildCardinal: toolchain '$WANT' requested by the crate is not installed; falling back to RUSTUP_TOOLCHAIN=stable" >&2
    export RUSTUP_TOOLCHAIN=stable
  fi
fi

echo "buildCardinal: building in $SRC (cargo build --release -j $JOBS${RUSTUP_TOOLCHAIN:+, toolchain $RUSTUP_TOOLCHAIN})" >&2
( cd "$SRC" && nice -n 10 cargo build --release -j "$JOBS" --bin ocdscardinal >&2 ) \
  || die "cargo build failed in $SRC"

[[ -x "$BIN" ]] || die "build finished but $BIN is missing"
echo "$BIN"
