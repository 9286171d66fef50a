# realworld_build.sh CMAKE BUILD_DIR DRIVER_DIR NAME [COMPILER OPT]
#
# What a user does with an existing Windows NDIS 6 miniport:
# install ndisdma into a fresh prefix, copy the miniport's unmodified
# sources into a tree of their own, build them exactly as
#   cc -shared -fPIC $(pkg-config --cflags --libs ndisdma) *.c -o NAME.so
# with gcc and clang, at -O0 and -O2, then run every build with the
# installed `ndisdma run --frames 0`.
#
#   vminiport (hardware-less): must initialize, restart, pause, halt and
#     unload with "reports: 0 (errors: 0)".
#   socenet (SoC NIC whose device ndisdma does not model): must load, and
#     either run like vminiport or fail MiniportInitializeEx cleanly (exit
#     4) with nothing leaked and no verifier error (the error log entry it
#     writes may be a warning).
#
# With COMPILER and OPT (the sanitizer builds: the library is what they
# test, and their suite already runs three times as long) only that one
# build is made.  Every problem of every build is printed before the test
# fails, so one run lists all the gaps at once.
set -u

CMAKE=$1
BUILD=$2
SOURCE=$3
NAME=$4
COMPILERS=${5:-gcc clang}
OPTS=${6:--O0 -O2}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/realworld-$NAME.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT INT TERM

PROBLEMS=0
problem() { echo "realworld $NAME: FAIL: $*"; PROBLEMS=$((PROBLEMS + 1)); }
die() { echo "realworld $NAME: FAIL: $*"; exit 1; }

# --- install, as `make install PREFIX=...` does ---------------------------
PREFIX="$WORK/prefix"
"$CMAKE" --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.log" 2>&1 ||
	{ cat "$WORK/install.log"; die "cmake --install failed"; }
NDISDMA="$PREFIX/bin/ndisdma"
[ -x "$NDISDMA" ] || die "no bin/ndisdma installed"
pc=$(find "$PREFIX" -name ndisdma.pc | head -n 1)
[ -n "$pc" ] || die "no ndisdma.pc installed"
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
FLAGS=$(pkg-config --cflags --libs ndisdma) || die "pkg-config --cflags --libs ndisdma failed"
echo "pkg-config: $FLAGS"

# --- the user's tree: the driver's sources alone --------------------------
USER_TREE="$WORK/user/$NAME"
mkdir -p "$USER_TREE" && cp "$SOURCE"/*.c "$SOURCE"/*.h "$USER_TREE"/ ||
	die "cannot copy $SOURCE"

# --- how the run is hosted -------------------------------------------------
# A hardware-less miniport needs no device (spec §13: --device none, and
# --adapters N so the virtual hub has peers).  Use what this ndisdma offers.
RUN_OPTS=""
if [ "$NAME" = vminiport ]; then
	HELP=$("$NDISDMA" run --help 2>&1)
	if printf '%s\n' "$HELP" | grep -q -- '--device'; then
		RUN_OPTS="$RUN_OPTS --device none"
	else
		echo "note: ndisdma run has no --device option; vminiport runs in front of the default device"
	fi
	if printf '%s\n' "$HELP" | grep -q -- '--adapters'; then
		RUN_OPTS="$RUN_OPTS --adapters 2"
	fi
fi

check_run() { # LOG RC BUILD-LABEL
	log=$1 rc=$2 label=$3
	if grep -Eq 'RES-LEAK|HALT-DMA-LEAK|POOL-LEAK|THREAD-LEAK|not back at baseline' "$log"; then
		problem "$label: leaks reported"
	fi
	case "$NAME:$rc" in
	vminiport:0 | socenet:0)
		for step in DriverEntry MiniportInitializeEx MiniportRestart MiniportPause \
			MiniportHaltEx MiniportDriverUnload; do
			grep -q "$step" "$log" || problem "$label: no $step in the run"
		done
		grep -Eq '^reports: 0 \(errors: 0\)$' "$log" || problem "$label: verifier reports"
		;;
	socenet:4)
		# The device checks (firmware _DSM, PCI identity) fail in front of a
		# device that is not an SNC-1G: a clean, documented failure.
		# Its NdisWriteErrorLogEntry may show as a warning report; an error
		# report (a leak, a misuse on the failure path) fails the test.
		grep -q 'MiniportInitializeEx' "$log" ||
			problem "$label: exit 4 before MiniportInitializeEx (load failure?)"
		if grep -Eq '^reports: [0-9]+ \(errors: [1-9]' "$log"; then
			problem "$label: verifier errors after the failed initialization"
		fi
		;;
	*)
		problem "$label: ndisdma run exited $rc"
		;;
	esac
}

BUILT=0
for CC_NAME in $COMPILERS; do
	if ! command -v "$CC_NAME" >/dev/null 2>&1; then
		problem "$CC_NAME not installed"
		continue
	fi
	for OPT in $OPTS; do
		label="$CC_NAME $OPT"
		so="$WORK/$NAME-$CC_NAME$OPT.so"
		log="$WORK/build-$CC_NAME$OPT.log"

		# The user's command, unchanged (plus the optimisation level).
		(cd "$USER_TREE" && $CC_NAME -shared -fPIC $FLAGS $OPT *.c -o "$so") >"$log" 2>&1
		rc=$?
		errors=$(grep -c 'error:' "$log")
		warnings=$(grep -c 'warning:' "$log")
		echo "== $label: build exit $rc, $errors error line(s), $warnings warning(s)"
		if [ $rc -ne 0 ] || [ "$errors" -ne 0 ]; then
			grep -E 'error:|undefined' "$log" | sed 's/^/   /' | head -n 200
			problem "$label: build failed"
			continue
		fi

		# Links against the installed library: every name the driver calls
		# must be in libndisdma (a plain -shared link leaves them for dlopen).
		(cd "$USER_TREE" && $CC_NAME -shared -fPIC $FLAGS $OPT *.c -o "$so.chk" \
			-Wl,--no-undefined) >"$log.link" 2>&1
		if [ $? -ne 0 ]; then
			grep -Eo "undefined reference to \`[^']*'" "$log.link" | sort -u | sed 's/^/   /'
			problem "$label: unresolved names at link time"
		fi

		log="$WORK/run-$CC_NAME$OPT.log"
		"$NDISDMA" run --seed 7 --frames 0 $RUN_OPTS --driver "$so" >"$log" 2>&1
		rc=$?
		echo "== $label: ndisdma run$RUN_OPTS --frames 0 exit $rc"
		sed 's/^/   /' "$log" | tail -n 40
		check_run "$log" $rc "$label"
		BUILT=$((BUILT + 1))
	done
done

WANT=$(( $(echo $COMPILERS | wc -w) * $(echo $OPTS | wc -w) ))
[ $BUILT -eq $WANT ] || problem "only $BUILT of $WANT builds ran"
if [ $PROBLEMS -ne 0 ]; then
	echo "realworld $NAME: $PROBLEMS problem(s)"
	exit 1
fi
echo "realworld $NAME: ok"
