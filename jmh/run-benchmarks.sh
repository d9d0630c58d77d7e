#!/usr/bin/env bash
# Runs the Promptly JMH suite and writes a Markdown results table.
#
#   jmh/run-benchmarks.sh smoke   one benchmark method, one 1 s iteration, no warmup (CI: fails on any error)
#   jmh/run-benchmarks.sh quick   1 fork, 2×1 s warmup, 3×1 s measurement; record path at 1 thread (+ counter
#                                 handles at 2 threads), scrape at 1k series; about 5 minutes
#   jmh/run-benchmarks.sh full    3 forks, 5×2 s warmup, 5×2 s measurement; everything, record path at each
#                                 thread count in $THREADS (default "1 2"), counter handles also at
#                                 $COUNTER_THREADS (default 8: no cliff when threads share a stripe);
#                                 about 90 minutes on 2 cores
#   jmh/run-benchmarks.sh http    requests/s over HTTP on one embedded Jetty: Promptly's MetricsServlet vs
#                                 client_java's PrometheusMetricsServlet (1k series, text and OpenMetrics), and a
#                                 tiny servlet with and without MetricsFilter; about 3 minutes
#   jmh/run-benchmarks.sh scale   the scale harness (io.promptly.jmh.ScaleHarness): for each kind (counter, gauge,
#                                 histogram, summary) and size in $SIZES (default "10000 100000 1000000"), Promptly
#                                 and client_java each build the registry in a JVM of their own (-Xmx$SCALE_HEAP,
#                                 default 6g) and report build time, retained B/series and one scrape per format;
#                                 about 10 minutes (summaries at 1M series need about 7 GB for client_java: set
#                                 SIZES or SCALE_HEAP to fit the machine)
#
# Environment: SKIP_BUILD=1 reuses jmh/target/benchmarks.jar; THREADS, COUNTER_THREADS, TIMING (full mode: JMH
# fork/iteration flags, default "-f 3 -wi 5 -w 2s -i 5 -r 2s"); OUT_DIR (default
# jmh/target/results/<mode>). Results: $OUT_DIR/*.json (JMH) and $OUT_DIR/results.md (the table, also printed).
# Every run uses -foe true (a benchmark that throws fails the run) and -prof gc (B/op).
set -euo pipefail

mode=${1:-quick}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jar=jmh/target/benchmarks.jar
out=${OUT_DIR:-jmh/target/results/$mode}
record='io\.promptly\.jmh\.(CounterInc|GaugeSet|HistogramObserve|SummaryObserve)Benchmark\.'
scrape='io\.promptly\.jmh\.ScrapeBenchmark\.'
native='io\.promptly\.jmh\.NativeHistogramObserveBenchmark\.'
counter_handles='io\.promptly\.jmh\.CounterIncBenchmark\.(promptlyHandle|promptlySingleWriterHandle|clientJavaHandle|jdkLongAdderHandle)$'

if [ -z "${SKIP_BUILD:-}" ]; then
    mvn -q -pl jmh -am package -DskipTests
fi
[ -f "$jar" ] || { echo "run-benchmarks.sh: $jar is missing (build failed?)" >&2; exit 1; }

run_jmh() { # name, then JMH arguments
    local name=$1
    shift
    echo "== $name: java -jar $jar $* -foe true -prof gc -rf json -rff $out/$name.json" >&2
    java -jar "$jar" "$@" -foe true -prof gc -rf json -rff "$out/$name.json"
}

case "$mode" in
    scale)
        mkdir -p "$out"
        : > "$out/scale.txt"
        for kind in counter gauge histogram summary; do
            for size in ${SIZES:-10000 100000 1000000}; do
                for client in client_java promptly; do
                    java -Xmx"${SCALE_HEAP:-6g}" -XX:+UseParallelGC -cp "$jar" io.promptly.jmh.ScaleHarness \
                        "$client" "$kind" "$size" | tee -a "$out/scale.txt"
                done
            done
        done
        exit 0
        ;;
    http)
        # ServletHttpBenchmark: requests/s over HTTP on one embedded Jetty (scrapes in both formats, then the
        # filter's cost per request, which does not depend on the format)
        mkdir -p "$out" && rm -f "$out"/*.json
        read -r -a timing <<< "${TIMING:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
        run_jmh http-scrape "${timing[@]}" 'io\.promptly\.jmh\.ServletHttpBenchmark\.(promptly|clientJava)Scrape$'
        run_jmh http-filter "${timing[@]}" -p format=text 'io\.promptly\.jmh\.ServletHttpBenchmark\.with'
        exit 0
        ;;
    smoke)
        exec java -jar "$jar" 'io\.promptly\.jmh\.CounterIncBenchmark\.promptlyHandle$' \
            -f 1 -wi 0 -i 1 -r 1s -t 1 -foe true -prof gc
        ;;
    quick)
        mkdir -p "$out" && rm -f "$out"/*.json
        timing=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
        run_jmh record-t1 "${timing[@]}" -t 1 "$record"
        run_jmh counter-t2 "${timing[@]}" -t 2 \
            "$counter_handles"
        # 1k series: a 10k-series scrape by a peer takes long enough that 1 s iterations would hold a few cold ops
        run_jmh scrape "${timing[@]}" -p series=1000 "$scrape"
        # native histograms: thread counts come from the methods' @Threads (1 and 2)
        run_jmh native "${timing[@]}" "$native"
        ;;
    full)
        mkdir -p "$out" && rm -f "$out"/*.json
        read -r -a timing <<< "${TIMING:--f 3 -wi 5 -w 2s -i 5 -r 2s}"
        for t in ${THREADS:-1 2}; do
            run_jmh "record-t$t" "${timing[@]}" -t "$t" "$record"
        done
        for t in ${COUNTER_THREADS:-8}; do
            run_jmh "counter-t$t" "${timing[@]}" -t "$t" "$counter_handles"
        done
        run_jmh scrape "${timing[@]}" -t 1 "$scrape"
        run_jmh native "${timing[@]}" "$native"
        ;;
    *)
        echo "usage: $0 [smoke|quick|full|scale|http]" >&2
        exit 2
        ;;
esac

java -cp "$jar" io.promptly.jmh.ScrapeShape 1000 10000 2>/dev/null > "$out/scrape-shape.txt"
python3 jmh/results_table.py --shape "$out/scrape-shape.txt" --command "jmh/run-benchmarks.sh $mode" \
    "$out"/*.json > "$out/results.md"
cat "$out/results.md"
