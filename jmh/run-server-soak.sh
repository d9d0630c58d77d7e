#!/usr/bin/env bash
# A bounded soak of the built-in MetricsServer on 127.0.0.1 (see io.promptly.jmh.ServerSoak):
#   jmh/run-server-soak.sh scale   8 parallel scrapes x 3 rounds of 100k series under -Xmx256m, and of
#                                  1M series under -Xmx1g (the registry alone needs more than 256 MB)
#   jmh/run-server-soak.sh slow    healthy-scrape success beside 100, 200 and 500 slow-header clients, on the
#                                  JDK in JAVA_HOME (or java on the PATH)
# Environment: SKIP_BUILD=1 reuses jmh/target/benchmarks.jar.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jar=jmh/target/benchmarks.jar
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [ -z "${SKIP_BUILD:-}" ]; then
    mvn -q -pl jmh -am package -DskipTests
fi
case "${1:-scale}" in
  scale)
    "$java" -Xmx256m -cp "$jar" io.promptly.jmh.ServerSoak scale 100000 3
    "$java" -Xmx1g -cp "$jar" io.promptly.jmh.ServerSoak scale 1000000 3
    ;;
  slow)
    for n in 100 200 500; do
      "$java" -Xmx256m -cp "$jar" io.promptly.jmh.ServerSoak slow "$n"
    done
    ;;
  *) echo "usage: $0 scale|slow" >&2; exit 2 ;;
esac
