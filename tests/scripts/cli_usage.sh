# cli_usage.sh NDISDMA — every bad option or value: one clear line on
# stderr naming the option, exit 2, nothing run.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1

bad() {
	pattern=$1; shift
	run "$NDISDMA" run "$@"
	expect_rc 2
	expect_one_error_line
	expect_err "$pattern"
	expect_no_out 'reports:'
}

bad "unknown option '--bogus'.*--help" --bogus
bad "unknown option '--packets'.*--help" --packets 10
bad "--frames 'many' expects" --frames many
bad "--sizes '10-20' expects MIN-MAX" --sizes 10-20
bad "--sizes '1514' expects MIN-MAX" --sizes 1514
bad "--sizes: at most 1514 bytes" --sizes 60-9000
bad "--backend 'udp:x' expects loopback, pcap:FILE or tap:NAME" --backend udp:x
bad "--respond '10.0.0' expects an IPv4 address" --respond 10.0.0
bad "--sample 'e1000' expects virtio_net or lifecycle" --sample e1000
bad "--duration goes with --respond" --duration 5
bad "--jumbo takes no value" --jumbo=1
bad "unexpected argument 'extra'" extra
bad "--seed 'abc' expects" --seed abc
bad "--seed '-1' expects" --seed -1
bad "--seed '99999999999999999999' is out of range" --seed 99999999999999999999
bad "--seed needs a value" --seed
bad "--dma-bits '48' expects 32 or 64" --dma-bits 48
bad "--dma-bits '' expects 32 or 64" --dma-bits=
bad "--layout 'diagonal' expects contiguous, scattered, high or mixed" --layout diagonal
bad "--verifier 'max' expects off, standard or full" --verifier max
bad "--stress 'defer,jitter' expects" --stress defer,jitter
bad "--stress ',' expects" --stress ,
bad "--fault 'nth:0' expects nth:N with N >= 1" --fault nth:0
bad "--fault 'p:1.5' expects p:P with P from 0 to 1" --fault p:1.5
bad "--fault 'p:x' expects" --fault p:x
bad "--fault 'sometimes' expects nth:N or p:P" --fault sometimes
bad "--quiet takes no value" --quiet=yes
bad "--stop-on-first takes no value" --stop-on-first=1
bad "--report needs a value" --report
bad "--frames: the lifecycle sample has no device" --sample lifecycle --frames 20
bad "--keyword 'DmaBits' expects NAME=VALUE" --keyword DmaBits
bad "--keyword '=32' expects NAME=VALUE" --keyword =32
bad "--keyword 'Ndi..Speed=1' has an empty name segment" --keyword 'Ndi\\Speed=1'
bad "--keyword '.Speed=1' has an empty name segment" --keyword '\Speed=1'
bad "--keyword needs a value" --keyword
bad "--device 'pci' expects virtio-net or none" --device pci
bad "--device none: the virtio_net sample needs its device" --device none
bad "--backend: with --device none" --device none --sample lifecycle --backend loopback
bad "--adapters '0' expects a number of adapters, 1 to 8" --adapters 0
bad "--adapters '9' expects a number of adapters, 1 to 8" --adapters 9
bad "--traffic 'mesh' expects loopback or hub" --traffic mesh
bad "--traffic hub: needs --adapters 2 or more" --traffic hub
bad "--traffic hub: --respond, --reset-every and --backend" --traffic hub --adapters 2 --reset-every 5

# Values in both spellings are accepted (checked without running a driver).
run "$NDISDMA" run --seed=0x10 --dma-bits=32 --layout mixed --verifier=full \
	--stress defer,split,bounce --fault p:0 --help
expect_rc 0
echo "cli_usage: ok"
