#!/bin/sh
# Starts a JVM in one of our images. The heap follows the container's memory limit
# (-XX:MaxRAMPercentage in JAVA_TOOL_OPTIONS). A container started without a limit would let the
# JVM size its heap from the whole host, so then the heap is capped at JAVA_DEFAULT_MAX_HEAP (set
# per image; JAVA_OPTS_APPEND, which comes last, can still override it with -Xmx).
set -eu
limit=""
if [ -r /sys/fs/cgroup/memory.max ]; then
  limit="$(cat /sys/fs/cgroup/memory.max)"                      # cgroup v2
elif [ -r /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
  limit="$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"    # cgroup v1 ("unlimited" is a huge number)
fi
heap=""
case "$limit" in
  ""|max) heap="-Xmx${JAVA_DEFAULT_MAX_HEAP:-1g}" ;;
  *) if [ "$limit" -gt 1099511627776 ] 2>/dev/null; then heap="-Xmx${JAVA_DEFAULT_MAX_HEAP:-1g}"; fi ;;
esac
# shellcheck disable=SC2086 # word splitting of the option lists is intended
exec java $heap ${JAVA_OPTS_APPEND:-} "$@"
