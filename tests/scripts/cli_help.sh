# cli_help.sh NDISDMA — `ndisdma --help` and `ndisdma run --help` exit 0 and
# name every option; a missing or unknown command is a usage error (2).
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
OPTIONS="--driver --seed --dma-bits --layout --verifier --stress --fault
--stop-on-first --report --json-reports --quiet --help"
VALUES="contiguous scattered high mixed off standard full defer split bounce
nth:N p:P 32|64"

run "$NDISDMA" --help
expect_rc 0
expect_out '^usage: ndisdma'
expect_out '^  run '
for o in $OPTIONS; do expect_out "$o"; done

run "$NDISDMA" run --help
expect_rc 0
expect_out '^usage: ndisdma run'
for o in $OPTIONS; do expect_out "$o( |$)"; done
for v in $VALUES; do expect_out "$v"; done
for code in 0 1 2 3 4 5; do expect_out "^  $code  "; done
for o in --reset-every --receive-throttle --device --adapters --traffic; do
	expect_out "$o( |$)"
done
for v in 'virtio-net\|none' 'loopback\|hub'; do expect_out "$v"; done

run "$NDISDMA" run --seed 7 --help
expect_rc 0
expect_out '^usage: ndisdma run'

run "$NDISDMA"
expect_rc 2
expect_err '^usage: ndisdma'

run "$NDISDMA" bench --help
expect_rc 0
expect_out '^usage: ndisdma bench'

run "$NDISDMA" frobnicate
expect_rc 2
expect_one_error_line
expect_err "unknown command 'frobnicate'.*--help"
echo "cli_help: ok"
