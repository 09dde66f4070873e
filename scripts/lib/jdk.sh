# shellcheck shell=bash
# Selects a JDK of at least version 21 for the scripts in scripts/.
#
# Source this file, then call select_jdk. It exports JAVA_HOME and puts its bin first on PATH.

MIN_JAVA_MAJOR=21
JVM_ROOT=/usr/lib/jvm

# Prints the major version of the JDK at $1 (8 for 1.8.0_x, 25 for 25.0.1), or nothing when $1
# has no javac, which rules out a JRE, or its java does not run.
jdk_major_version() {
  local home="$1" version
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  version="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  [[ -n "$version" ]] || return 0
  version="${version#1.}"
  echo "${version%%[.+-]*}"
}

# Prints the newest JDK of at least MIN_JAVA_MAJOR under JVM_ROOT. Among JDKs of the same major
# version a Temurin build wins, so the result matches the build machines' JDK.
find_newest_jdk() {
  local home major rank best="" best_rank=-1
  for home in "$JVM_ROOT"/*; do
    [[ -d "$home" ]] || continue
    major="$(jdk_major_version "$home")"
    if [[ -z "$major" ]] || ((major < MIN_JAVA_MAJOR)); then
      continue
    fi
    rank=$((major * 2))
    [[ "$home" == *temurin* ]] && rank=$((rank + 1))
    if ((rank > best_rank)); then
      best="$home"
      best_rank="$rank"
    fi
  done
  echo "$best"
}

select_jdk() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    local major
    major="$(jdk_major_version "$JAVA_HOME")"
    if [[ -z "$major" ]] || ((major < MIN_JAVA_MAJOR)); then
      echo "JAVA_HOME=$JAVA_HOME is not a JDK $MIN_JAVA_MAJOR or newer; looking under $JVM_ROOT" >&2
      JAVA_HOME=""
    fi
  fi
  if [[ -z "${JAVA_HOME:-}" ]]; then
    JAVA_HOME="$(find_newest_jdk)"
  fi
  if [[ -z "$JAVA_HOME" ]]; then
    echo "error: no JDK $MIN_JAVA_MAJOR or newer found under $JVM_ROOT; install one" \
      "(for example Temurin 25) or set JAVA_HOME to it" >&2
    exit 1
  fi
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
  # JDK 24 and newer warn when a library (Maven's Guava, the AWS SDK's Netty) uses
  # sun.misc.Unsafe; allow it quietly, as JDK 21 does.
  JAVA_RUN_OPTS=()
  if (($(jdk_major_version "$JAVA_HOME") >= 24)); then
    JAVA_RUN_OPTS=(--sun-misc-unsafe-memory-access=allow)
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

