#!/bin/sh
# Starts mooring in its container image.
#
# Arguments, such as the task definition's command "run --repo URL ...", go to mooring as they
# are. Without arguments it starts the daemon on the repository in MOORING_REPO, following
# MOORING_BRANCH (default main) and reading MOORING_PATH (default desired-state) of it. The JVM
# sizes its heap from the container's memory limit and keeps temporary files and the checkout
# under MOORING_HOME, the image's writable volume, so that the root file system can be read-only.
set -eu

MOORING_HOME="${MOORING_HOME:-/var/lib/mooring}"

if [ "$#" -eq 0 ]; then
  if [ -z "${MOORING_REPO:-}" ]; then
    echo "error: no command given and MOORING_REPO is not set; set MOORING_REPO to the URL of" \
      "the repository that holds the desired state, or pass a command such as" \
      "run --repo URL" >&2
    exit 64
  fi
  set -- run --repo "$MOORING_REPO" --branch "${MOORING_BRANCH:-main}" \
    --path "${MOORING_PATH:-desired-state}" --workdir "$MOORING_HOME/checkout"
fi

# The volume may be a fresh, empty mount, so the temporary directory is made at every start.
mkdir -p "$MOORING_HOME/tmp"

# -XX:-UsePerfData keeps the JVM from writing /tmp/hsperfdata_*, which would fail on a read-only
# root file system.
exec java \
  -XX:MaxRAMPercentage=75 \
  -XX:-UsePerfData \
  -XX:+ExitOnOutOfMemoryError \
  "-Djava.io.tmpdir=$MOORING_HOME/tmp" \
  -jar /opt/mooring/mooring.jar "$@"
