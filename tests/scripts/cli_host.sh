# cli_host.sh NDISDMA — `ndisdma run --platform host` (spec §11; docs/run.md
# "Platforms"): the virtio-net sample moves frames through pinned pages
# whose real frame numbers are read once per page, never per packet; a
# 32-bit channel either gets its shared memory and map registers from the
# reserve below 4 GiB (payloads checked, every shared block below 4 GiB)
# or the run stops at start saying how much the kernel gave and what to
# use instead; a user without root is told why and which option to use.
# Not root: only the refusal is checked (this process is the user then).
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1

reads_of() {
	sed -n 's/^platform host: .*pagemap reads \([0-9]*\),.*/\1/p' "$OUT"
}

as_nobody() {
	if [ "$(id -u)" -ne 0 ]; then
		run "$@"
	elif ! command -v setpriv >/dev/null 2>&1; then
		echo "cli_host: setpriv missing: the unprivileged case is not run" >&2
		return 1
	elif ! setpriv --reuid=65534 --regid=65534 --clear-groups "$NDISDMA" --help \
		>/dev/null 2>&1; then
		# e.g. a checkout under a mode-0700 directory (mktemp -d)
		echo "cli_host: user nobody cannot run $NDISDMA (a directory above it is" \
		     "closed to others): the unprivileged case is not run" >&2
		return 1
	else
		run setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	fi
}

# Without root: frame numbers are hidden; the machine does not start.
if as_nobody "$NDISDMA" run --platform host --seed 5 --frames 100; then
	expect_rc 5
	expect_err 'platform host: /proc/self/pagemap hides frame numbers'
	expect_err 'CAP_SYS_ADMIN'
	expect_err 'use --platform sim, or --iommu strict\|lazy'
	# sim needs nothing
	as_nobody "$NDISDMA" run --platform sim --seed 5 --frames 100 --quiet
	expect_rc 0
	# behind the IOMMU the device sees IOVAs: host needs no frame numbers,
	# and a 32-bit channel neither bounces nor needs memory below 4 GiB
	as_nobody "$NDISDMA" run --platform host --iommu strict --dma-bits 32 --seed 5 \
		--frames 200
	expect_rc 0
	expect_out '^platform host: own frame ids \(IOMMU\)'
	expect_out '^payload mismatches: 0$'
	expect_out '^frames: 200 sent, 200 completed \(0 failed\), 200 received'
	expect_out '^iommu: strict, 1 domain, .* 0 faults'
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "cli_host: not root: only the refusal was checked"
	exit 0
fi

run "$NDISDMA" run --platform host --host-reserve 65
expect_rc 2
expect_err "--host-reserve '65' expects 1 to 64"
run "$NDISDMA" run --platform hots
expect_rc 2
expect_err "--platform 'hots' expects sim or host"

# 64-bit: real frames, payloads checked end to end
run "$NDISDMA" run --platform host --seed 5 --frames 2000
expect_rc 0
expect_out 'platform host, layout real frames'
expect_out '^payload mismatches: 0$'
expect_out '^reports: 0 \(errors: 0\)$'
expect_out '^platform host: real frames, pagemap reads [1-9]'
few=$(reads_of)
[ "$few" -lt 2000 ] || fail "$few pagemap reads for 2000 frames"
# ten times the frames, the same reads (once per page): only where the
# process's buffers fall in VA (ASLR, and whether the kernel backs them
# with huge pages) moves the count, by up to a tenth either way between
# two runs (364 and 400 seen for the same command); reads per packet would
# add thousands
run "$NDISDMA" run --platform host --seed 5 --frames 20000
expect_rc 0
expect_out '^payload mismatches: 0$'
many=$(reads_of)
[ "$many" -le $((few + few / 4 + 32)) ] ||
	fail "pagemap reads grew with the frames: $few for 2000, $many for 20000"

# 32-bit without an IOMMU: the reserve below 4 GiB, or a clear refusal
run "$NDISDMA" run --platform host --dma-bits 32 --seed 5 --frames 2000
if [ "$RC" -eq 0 ]; then
	expect_out 'address limit +0x00000000ffffffff \(32-bit\)'
	expect_out '^payload mismatches: 0$'
	expect_out '^reports: 0 \(errors: 0\)$'
	expect_out '^platform host: real frames, .*reserve below 4 GiB [1-9][0-9]* pages'
	pas=$(shared_pas "$OUT")
	[ -n "$pas" ] || fail "no shared memory block narrated"
	for pa in $pas; do
		below_4g "$pa" || fail "32-bit host channel: shared block at PA 0x$pa"
	done
	run "$NDISDMA" run --platform host --stress bounce --seed 3 --frames 2000
	expect_rc 0
	expect_out '^payload mismatches: 0$'
	expect_out '^bounced: [1-9][0-9]* bytes'
	echo "cli_host: ok (32-bit channel served from the reserve below 4 GiB)"
else
	expect_rc 5
	expect_err 'cannot create the machine: platform host: the reserve below 4096 MiB has [0-9]+ of the 32768 KiB'
	expect_err 'use --iommu strict\|lazy'
	run "$NDISDMA" run --platform host --dma-bits 32 --host-reserve 1 --seed 5 --frames 10
	expect_rc 5
	expect_err 'has [0-9]+ of the 1024 KiB asked for'
	# needed first by the bounce pool of --stress bounce: the failed
	# initialization is followed by the platform's reason
	run "$NDISDMA" run --platform host --stress bounce --seed 3 --frames 100
	expect_rc 4
	expect_err 'MiniportInitializeEx failed'
	expect_err '^ndisdma run: platform host: the reserve below 4096 MiB has'
	expect_err 'bounce buffers \(a 32-bit channel, --stress bounce\)'
	echo "cli_host: ok (this kernel gives user space no frames below 4 GiB:" \
	     "the 32-bit refusal was checked)"
fi
