# ntintsafe_generated.sh SOURCE_DIR — include/wdk/ntintsafe.h and its test
# table (tests/unit/ntintsafe_table.h) are what scripts/gen_ntintsafe.py
# writes: regenerate both and compare.  Skips (77) without python3.
. "$(dirname "$0")/cli_lib.sh"
SRC=$1

command -v python3 >/dev/null 2>&1 || { echo "SKIPPED: no python3"; exit 77; }
run python3 "$SRC/scripts/gen_ntintsafe.py"
expect_rc 0
cmp -s "$OUT" "$SRC/include/wdk/ntintsafe.h" ||
	fail "include/wdk/ntintsafe.h differs from scripts/gen_ntintsafe.py's output"
run python3 "$SRC/scripts/gen_ntintsafe.py" --test-table
expect_rc 0
cmp -s "$OUT" "$SRC/tests/unit/ntintsafe_table.h" ||
	fail "tests/unit/ntintsafe_table.h differs from gen_ntintsafe.py --test-table"
echo "ntintsafe_generated: header and test table up to date"
