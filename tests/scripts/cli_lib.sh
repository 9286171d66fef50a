# cli_lib.sh — helpers the CLI test scripts source (POSIX sh).
# Each script runs ndisdma, keeps stdout/stderr/exit status of the last run
# in $OUT, $ERR, $RC, and fails with a message naming what was expected.

set -u
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ndisdma-cli.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT INT TERM
OUT="$WORK/out"
ERR="$WORK/err"
RC=0

fail() {
	echo "FAIL: $*" >&2
	echo "---- last command output (stdout) ----" >&2
	cat "$OUT" >&2 2>/dev/null
	echo "---- last command output (stderr) ----" >&2
	cat "$ERR" >&2 2>/dev/null
	exit 1
}

# run CMD ARGS...: runs it, never stops the script.
run() {
	LAST="$*"
	"$@" >"$OUT" 2>"$ERR"
	RC=$?
	# 128+N: killed by signal N (a crash); ASan aborts are 1 with a report.
	if [ "$RC" -ge 128 ]; then
		fail "'$LAST' crashed (exit $RC)"
	fi
	if grep -q 'AddressSanitizer\|UndefinedBehaviorSanitizer\|runtime error:' "$ERR"; then
		fail "'$LAST' tripped a sanitizer"
	fi
	return 0
}

expect_rc() {
	[ "$RC" -eq "$1" ] || fail "'$LAST' exited $RC, expected $1"
}

# expect_out REGEX: stdout matches the extended regex (case-sensitive).
expect_out() {
	grep -Eq -- "$1" "$OUT" || fail "'$LAST': stdout lacks /$1/"
}

expect_out_i() {
	grep -Eiq -- "$1" "$OUT" || fail "'$LAST': stdout lacks /$1/ (any case)"
}

expect_no_out() {
	if grep -Eq -- "$1" "$OUT"; then fail "'$LAST': stdout has /$1/"; fi
}

expect_err() {
	grep -Eq -- "$1" "$ERR" || fail "'$LAST': stderr lacks /$1/"
}

# expect_one_error_line: stderr has exactly one line, starting "ndisdma".
expect_one_error_line() {
	n=$(grep -c . "$ERR")
	[ "$n" -eq 1 ] || fail "'$LAST': expected one error line on stderr, got $n"
	grep -q '^ndisdma' "$ERR" || fail "'$LAST': error line does not start with 'ndisdma'"
}

# shared_pas FILE: the physical addresses of shared memory blocks, one per
# line, lower-case hex without 0x, as the runtime narrates them.
shared_pas() {
	grep -Ei 'shared memory' "$1" | grep -Eio 'PA 0x[0-9a-f]+' |
		sed 's/^[Pp][Aa] 0[xX]//' | tr 'A-F' 'a-f'
}

# below_4g HEX: true when the hex number is below 0x100000000.
below_4g() {
	h=$(echo "$1" | sed 's/^0*//')
	[ ${#h} -le 8 ]
}
