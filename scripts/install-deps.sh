#!/bin/sh
# Installs the Debian packages ndisdma needs that are missing, and does
# nothing when all are present.  Called by `make run` and `make test`.
#   scripts/install-deps.sh [extra-package ...]
set -eu

# g++ and clang (clang, clang++) whatever CC is: the suite builds driver
# source with all four compilers (tests/msvc.cmake, C++ conformance).
need="cmake ninja-build make gcc g++ clang pkg-config libcmocka-dev libpcap-dev $*"

# Optional test dependency: tshark reads back the pcap backend's capture
# (test_device_backends skips that scenario without it).  Tried when
# NDISDMA_OPTIONAL_DEPS=1; never required.
if [ "${NDISDMA_OPTIONAL_DEPS:-0}" = 1 ] && ! command -v tshark >/dev/null 2>&1; then
	need="$need tshark"
fi

# Installs those of $* not installed yet.
install_missing() {
	missing=""
	for pkg in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
			missing="$missing $pkg"
		fi
	done
	[ -z "$missing" ] && return 0

	echo "install-deps: installing:$missing"
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "install-deps: missing packages:$missing; run as root or install them" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq || true
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# shellcheck disable=SC2086
install_missing $need

# clang's sanitizer and libFuzzer runtimes (compiler-rt) are a package
# clang only recommends, which the install above leaves out: Debian's
# libclang-rt-N-dev, N clang's major version.  Needed when clang builds
# the sanitizer trees (CC=clang make test) and by `make fuzz`/`fuzz-fast`.
case "${CC:-cc}" in
*clang*)
	# the compiler word of CC ("clang", "clang-14", "ccache clang")
	compiler=$(echo "$CC" | awk '{ print $NF }')
	major=$("$compiler" -dumpversion | cut -d. -f1)
	install_missing "libclang-rt-$major-dev"
	;;
esac
