#!/usr/bin/env bash
# End-to-end tests of the freezedrill command line: exit codes 0, 1 and 2,
# byte-identical reports for the same seed, and `check` reproducing `run`.
# Usage: cli_test.sh FREEZEDRILL_BINARY SOURCE_DIR
set -uo pipefail
bin=$1
src=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src" || exit 1

failures=0
passes=0
pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect_exit CODE DESCRIPTION COMMAND...: runs the command, compares its exit code.
expect_exit() {
  local want=$1 what=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then
    pass
  else
    fail "$what: exit $got, expected $want"
    sed 's/^/  | /' "$work/out" "$work/err" | head -20 >&2
  fi
}

# expect_text PATTERN FILE DESCRIPTION: the file contains the pattern (grep -E).
expect_text() {
  if grep -Eq -- "$1" "$2"; then pass; else fail "$3: no match for '$1' in $(basename "$2")"; sed 's/^/  | /' "$2" | head -10 >&2; fi
}

# Exit 0: a clean baseline and a defect scenario whose failures are expected.
expect_exit 0 "baseline meets its expectation" "$bin" run scenarios/baseline-kv.json --quiet
expect_exit 0 "defect scenario fails as expected" "$bin" run scenarios/defect-retry-after-empty.json
expect_text "xfail" "$work/out" "an expected failure shows as xfail"
expect_exit 0 "--defect on the baseline" "$bin" run scenarios/baseline-kv.json --defect retry_after_missing

# Exit 1: a scenario that declares a failure its deployment does not have escapes.
sed 's/"surfaces": \[/"expect_failure": ["no_write_leak"], "surfaces": [/' scenarios/baseline-kv.json >"$work/escaped.json"
expect_exit 1 "declared failure that passes" "$bin" run "$work/escaped.json" --seed 3
expect_text "ESCAPED" "$work/out" "the table marks the escape"
expect_text "reproduce: freezedrill run .*escaped.json --seed 3" "$work/out" "the reproduce command carries the seed"

# Exit 2: invalid input and usage, each naming the problem.
printf '{ "version": 1, "scenario": "x", ' >"$work/broken.json"
expect_exit 2 "syntax error" "$bin" validate "$work/broken.json"
expect_text "broken.json:1:" "$work/err" "syntax error names line and column"
expect_exit 2 "missing file" "$bin" run "$work/none.json"
expect_text "none.json" "$work/err" "missing file is named"
expect_exit 2 "unknown defect" "$bin" run scenarios/baseline-kv.json --defect no_such_defect
expect_text "no_such_defect" "$work/err" "unknown defect is named"
expect_text '^freezedrill: --defect "no_such_defect"' "$work/err" "an unknown defect is blamed on the argument"
if [ -s "$work/out" ]; then fail "an unknown defect still printed a report"; else pass; fi
expect_exit 2 "a misspelt defect" "$bin" run scenarios/baseline-kv.json --defect retry_after_emtpy
expect_text 'did you mean "retry_after_empty"' "$work/err" "a misspelt defect gets a suggestion"
expect_exit 2 "negative seed" "$bin" run scenarios/baseline-kv.json --seed -1
expect_text 'invalid seed "-1"' "$work/err" "the seed error names the value"
expect_exit 2 "seed beyond 64 bits" "$bin" run scenarios/baseline-kv.json --seed 18446744073709551616
expect_exit 0 "--defect before the scenario path" "$bin" run --defect retry_after_empty scenarios/baseline-kv.json --quiet
expect_exit 2 "unknown report format" "$bin" run scenarios/baseline-kv.json --format yaml
expect_exit 2 "unknown subcommand" "$bin" frobnicate
expect_text '^freezedrill: .*fix: see `freezedrill --help`' "$work/err" "a parse error has the prefix and a fix"
expect_exit 2 "unknown option of run" "$bin" run scenarios/baseline-kv.json --sede 3
expect_text '^freezedrill: .*fix: see `freezedrill run --help`' "$work/err" "a parse error names the subcommand's help"
expect_exit 2 "history-out is a directory" "$bin" run scenarios/baseline-kv.json --history-out "$work"
expect_text 'is a directory; fix: give a file name' "$work/err" "history-out to a directory has a fix"
expect_exit 2 "history-out with many scenarios" "$bin" run scenarios --history-out "$work/h.jsonl"

# Invalid input beside valid input: exit 2, but the valid scenario still runs and reports.
mkdir -p "$work/mixed"
cp scenarios/baseline-kv.json "$work/mixed/a.json"
cp "$work/broken.json" "$work/mixed/b.json"
expect_exit 2 "mixed directory" "$bin" run "$work/mixed" --report-dir "$work/mixed-report"
expect_text '"scenario": "baseline-kv"' "$work/mixed-report/report.json" "partial results are written"
expect_text '"input_errors": 1' "$work/mixed-report/report.json" "the invalid input is counted"

# Determinism: the same seed twice gives byte-identical reports and histories.
for i in 1 2; do
  expect_exit 0 "seed 7 run $i" "$bin" run scenarios/defect-retry-after-negative.json --seed 7 \
    --report-dir "$work/r$i" --format json --quiet
done
if cmp -s "$work/r1/report.json" "$work/r2/report.json"; then pass; else fail "reports differ for the same seed"; fi
if cmp -s "$work/r1/histories/defect-retry-after-negative.seed7.jsonl" \
          "$work/r2/histories/defect-retry-after-negative.seed7.jsonl"; then pass; else fail "histories differ for the same seed"; fi
expect_exit 0 "seed 8 run" "$bin" run scenarios/defect-retry-after-negative.json --seed 8 --report-dir "$work/r3" --quiet
if cmp -s "$work/r1/histories/defect-retry-after-negative.seed7.jsonl" \
          "$work/r3/histories/defect-retry-after-negative.seed8.jsonl"; then fail "another seed gave the same history"; else pass; fi
if grep -qF -e "$src/" -e "$work" "$work/r1/report.json"; then fail "report holds an absolute path"; else pass; fi

# --chaos: handled faults drawn from the seed, the same for the same seed,
# recorded in the history, and named by the reproduce command.
for i in 1 2; do
  expect_exit 0 "chaos run $i" "$bin" run scenarios/baseline-kv.json --chaos --seed 5 --history-out "$work/chaos$i.jsonl" --quiet
done
if cmp -s "$work/chaos1.jsonl" "$work/chaos2.jsonl"; then pass; else fail "chaos histories differ for the same seed"; fi
expect_text '"kind":"fault_injected"' "$work/chaos1.jsonl" "chaos faults are recorded"
expect_exit 0 "check a chaos history" "$bin" check "$work/chaos1.jsonl" --quiet
expect_exit 1 "chaos on a declared failure that passes" "$bin" run "$work/escaped.json" --seed 3 --chaos
expect_text "reproduce: freezedrill run .*escaped.json --seed 3 --chaos" "$work/out" "the reproduce command carries --chaos"

# JUnit: a well-formed document with a case per scenario x check.
expect_exit 0 "junit report" "$bin" run scenarios/baseline-kv.json scenarios/defect-retry-after-empty.json \
  --report-dir "$work/junit" --format json,junit --quiet
if xmllint --noout "$work/junit/junit.xml" 2>"$work/err"; then pass; else fail "junit.xml is not well-formed"; cat "$work/err" >&2; fi
expect_text '<testcase classname="defect-retry-after-empty" name="write_status">' "$work/junit/junit.xml" "a case per check"
expect_text '<property name="seed" value="7"/>' "$work/junit/junit.xml" "the seed is a property"

# check re-derives the verdicts of run from the history alone.
expect_exit 0 "run with history" "$bin" run scenarios/defect-mutation-unclassified.json --history-out "$work/h.jsonl" --format json
grep -o '"check": "[a-z_]*",\|"verdict": "[a-z_]*"' "$work/out" >"$work/run-verdicts"
expect_exit 0 "check the history" "$bin" check "$work/h.jsonl" --format json
grep -o '"check": "[a-z_]*",\|"verdict": "[a-z_]*"' "$work/out" >"$work/check-verdicts"
if [ -s "$work/run-verdicts" ] && cmp -s "$work/run-verdicts" "$work/check-verdicts"; then pass; else fail "check gave other verdicts than run"; fi
printf '{"type":"event"}\n' >"$work/bad-history.jsonl"
expect_exit 2 "invalid history" "$bin" check "$work/bad-history.jsonl"

# mutate: a report that exits 0, a gate under --require-all, and 2 on invalid input.
expect_exit 0 "mutate the baseline" "$bin" mutate scenarios/baseline-kv.json
expect_text '^caught [0-9]+ of [0-9]+ applicable defects \([0-9]+ not applicable\)$' "$work/out" "mutate prints the summary"
expect_text '^cron_ignores_flag .* not_applicable +not applicable: no cron surface$' "$work/out" "mutate skips a missing surface"
expect_text '^retry_after_empty .* caught ' "$work/out" "the baseline catches retry_after_empty"
expect_exit 0 "mutate as JSON" "$bin" mutate scenarios/baseline-kv.json --format json --quiet
expect_text '"result": "caught"' "$work/out" "the JSON carries each result"
cat >"$work/reads-only.json" <<'EOF'
{ "version": 1, "scenario": "reads-only", "service": "kv-api", "seed": 3, "epoch": "2026-03-01T02:00:00Z",
  "duration": "3m", "window": { "start": "60s", "end": "120s", "retry_after": "60s", "announce_lead": "10s", "soak": "10s" },
  "deployment": {}, "surfaces": [ { "kind": "client", "name": "readers", "count": 10, "rate": "1/s", "writes": 0 } ] }
EOF
expect_exit 0 "mutate lets write defects escape" "$bin" mutate "$work/reads-only.json"
expect_text '^reenable_latched .* escaped +write_status not_applicable' "$work/out" "an escape gives the check's verdict"
expect_exit 1 "mutate --require-all with an escape" "$bin" mutate "$work/reads-only.json" --require-all --quiet
expect_text 'escaped' "$work/err" "--quiet still names the escapes"
expect_exit 2 "mutate a missing file" "$bin" mutate "$work/none.json"
expect_text "none.json" "$work/err" "mutate names the missing file"
expect_exit 2 "mutate with an unknown format" "$bin" mutate scenarios/baseline-kv.json --format yaml

# list
expect_exit 0 "list defects" "$bin" list defects
expect_text "retry_after_empty" "$work/out" "defects are listed"
expect_exit 0 "list checks" "$bin" list checks
expect_text "no_write_leak" "$work/out" "checks are listed"
expect_exit 0 "list scenarios" "$bin" list scenarios
expect_text "baseline-kv" "$work/out" "scenarios are listed"
(cd "$work" && "$bin" list scenarios >"$work/out" 2>"$work/err")
expect_text "baseline-kv" "$work/out" "list scenarios outside the repository lists the bundled library"
expect_exit 0 "list surfaces" "$bin" list surfaces
expect_text "client" "$work/out" "surfaces are listed"
expect_exit 0 "list faults" "$bin" list faults
expect_text "^instance_restart +handled " "$work/out" "faults are listed with their class"
expect_text "^flag_cleared +detected " "$work/out" "a detected fault is marked"

echo "cli: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
