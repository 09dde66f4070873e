# shellcheck shell=bash
# Python virtual environment with the AWS emulator moto, shared by the scripts in scripts/.
#
# Source this file, then call ensure_moto_venv. It sets:
#   REPO_ROOT     the repository root (the parent of scripts/)
#   VENV_DIR      $REPO_ROOT/.venv, where the pom's moto.python property also looks
#   VENV_PYTHON   $VENV_DIR/bin/python
# Messages go to stderr, so a caller's stdout stays free for its own output.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV_DIR="$REPO_ROOT/.venv"
VENV_PYTHON="$VENV_DIR/bin/python"

# Pinned so that every machine and CI run tests against the same emulator behaviour.
MOTO_REQUIREMENT='moto[server]==5.2.5'
MOTO_VERSION='5.2.5'

# Succeeds when the venv's python runs, imports moto's server and has the pinned moto version.
moto_venv_is_ready() {
  [[ -x "$VENV_PYTHON" ]] || return 1
  "$VENV_PYTHON" - "$MOTO_VERSION" >/dev/null 2>&1 <<'PYTHON'
import sys
from importlib.metadata import version

import moto.server  # noqa: F401 (fails when the server extra's Flask is missing)

sys.exit(0 if version("moto") == sys.argv[1] else 1)
PYTHON
}

# Creates or repairs $VENV_DIR so that it has the pinned moto with its server extra.
ensure_moto_venv() {
  if moto_venv_is_ready; then
    return 0
  fi

  if ! command -v python3 >/dev/null 2>&1; then
    echo "error: python3 not found on PATH; it is needed to create $VENV_DIR" >&2
    return 1
  fi

  # A venv whose interpreter no longer runs (its base Python was removed or upgraded) is rebuilt
  # from scratch. One that runs keeps its packages and only gets moto installed or updated.
  if [[ -x "$VENV_PYTHON" ]] && "$VENV_PYTHON" -c 'pass' >/dev/null 2>&1; then
    echo "Installing $MOTO_REQUIREMENT into $VENV_DIR" >&2
  else
    echo "Creating $VENV_DIR and installing $MOTO_REQUIREMENT" >&2
    python3 -m venv --clear "$VENV_DIR"
  fi

  "$VENV_PYTHON" -m pip install --quiet --disable-pip-version-check --no-input \
    "$MOTO_REQUIREMENT" >&2

  if ! moto_venv_is_ready; then
    echo "error: $VENV_DIR still cannot import moto.server at version $MOTO_VERSION after" \
      "installing $MOTO_REQUIREMENT; delete $VENV_DIR and run this script again" >&2
    return 1
  fi
}
