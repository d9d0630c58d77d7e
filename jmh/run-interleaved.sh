#!/usr/bin/env bash
# Runs JMH benchmark methods in interleaved rounds, for ratios on a machine whose load changes under the run:
# each round runs every given method once (one fork each, in the given order), so a load spike hits every
# method of a round instead of one method's forks. Prints each method's per-round scores, their median and
# minimum, and each method's median ratio to the first method's, round by round.
#
#   jmh/run-interleaved.sh ROUNDS 'JMH args' [JAR::]method-regex [[JAR::]method-regex ...]
#   (a JAR:: prefix runs that method from another build, e.g. the jar of the commit before a change; a suffix
#   '@@ARGS' adds JMH arguments for that entry alone, e.g. 'regex@@-t 2' for a 2-thread row)
#   e.g. jmh/run-interleaved.sh 6 '-wi 3 -w 1s -i 3 -r 1s' \
#          'io\.promptly\.jmh\.HistogramObserveBenchmark\.bareSingleWriterHandle$' \
#          'io\.promptly\.jmh\.HistogramObserveBenchmark\.promptlySingleWriterHandle$'
#
# Environment: JAR (default jmh/target/benchmarks.jar), JAVA (default java). Scores are JMH's primary metric
# (ns/op for the record-path benchmarks); -prof gc is on (B/op printed per round).
set -euo pipefail
rounds=$1
jmh_args=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
jar=${JAR:-$root/jmh/target/benchmarks.jar}
java_cmd=${JAVA:-java}
out=$(mktemp -d)
for ((r = 1; r <= rounds; r++)); do
    i=0
    for regex in "$@"; do
        i=$((i + 1))
        this_jar=$jar
        label=""
        if [[ $regex == *::* ]]; then
            this_jar=${regex%%::*}
            label="[$(basename "$this_jar")]"
            regex=${regex#*::}
        fi
        extra=""
        if [[ $regex == *@@* ]]; then
            extra=${regex#*@@}
            label="$label[${extra// /}]"
            regex=${regex%%@@*}
        fi
        # shellcheck disable=SC2086 # jmh_args is a list of flags
        if ! "$java_cmd" -jar "$this_jar" "$regex" -f 1 $jmh_args $extra -foe true -prof gc -rf csv -rff "$out/$r-$i.csv" \
                >"$out/log" 2>&1; then
            cat "$out/log" >&2
            exit 1
        fi
        awk -F, -v r="$r" -v i="$i" -v label="$label" 'NR > 1 {
                gsub(/"/, "", $1); gsub(/"/, "", $5)
                if ($1 ~ /:gc\.alloc\.rate\.norm$/) { alloc = $5 } else if ($1 !~ /:/) { name = $1; score = $5 }
            } END { printf "%d %d %s%s %s %s\n", r, i, label, name, score, alloc }' "$out/$r-$i.csv" >> "$out/scores"
    done
done
awk '{
        key = $2; name[key] = $3; n[key]++; s[key, n[key]] = $4; round[key, n[key]] = $1; alloc[key] = $5
        if (!(key in min) || $4 < min[key]) { min[key] = $4 }
    }
    function median(k,    m, a, i, j, t) {
        m = n[k]
        for (i = 1; i <= m; i++) { a[i] = s[k, i] }
        for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
    }
    END {
        printf "%-72s %10s %10s %10s %s\n", "benchmark", "median", "min", "ratio", "per round (B/op last round)"
        for (k = 1; k in name; k++) {
            # the ratio: median over rounds of (this method / the first method) in the same round
            m = n[k]
            delete q
            for (i = 1; i <= m; i++) { q[i] = s[k, i] / s[1, i] }
            for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (q[j] < q[i]) { t = q[i]; q[i] = q[j]; q[j] = t }
            ratio = m % 2 ? q[(m + 1) / 2] : (q[m / 2] + q[m / 2 + 1]) / 2
            line = ""
            for (i = 1; i <= m; i++) { line = line sprintf(" %.2f", s[k, i]) }
            printf "%-72s %10.3f %10.3f %9.3fx%s (%s B/op)\n", name[k], median(k), min[k], ratio, line, alloc[k]
        }
    }' "$out/scores"
rm -rf "$out"
