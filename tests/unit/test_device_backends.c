/* test_device_backends.c — frame backends on their own: loopback order,
 * pcap:FILE read back by tshark (frame count, lengths and bytes; skipped
 * with the reason when tshark is missing), tap:NAME opened when root
 * (skipped with the reason otherwise), bad specs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "device/backend.h"
#include "harness.h"

struct sink { int n; size_t lens[8]; unsigned char first[8]; };

static bool sink_rx(void *ctx, const void *frame, size_t len)
{
	struct sink *s = ctx;

	if (s->n >= 8)
		return false;
	s->lens[s->n] = len;
	s->first[s->n++] = *(const unsigned char *)frame;
	return true;
}

static void test_loopback_order(void **state)
{
	struct th t;
	struct backend *b;
	struct sink s = { 0 };
	struct backend_stats st;
	unsigned char f[100];

	(void)state;
	th_setup(&t, NULL);
	assert_int_equal(backend_open(t.k, NULL, &b, NULL, 0), 0);
	assert_string_equal(b->ops->kind, "loopback");
	assert_int_equal(backend_attach(b, sink_rx, &s), 0);
	for (int i = 0; i < 10; i++) {
		memset(f, i, sizeof(f));
		assert_int_equal(backend_transmit(b, f, 60 + (size_t)i), 0);
	}
	assert_int_equal(s.n, 8);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(s.lens[i], 60 + i);
		assert_int_equal(s.first[i], i);
	}
	backend_get_stats(b, &st);
	assert_int_equal(st.tx_frames, 10);
	assert_int_equal(st.rx_frames, 8);
	assert_int_equal(st.rx_dropped, 2);
	backend_close(b);
	th_teardown(&t);
}

static void test_bad_specs(void **state)
{
	struct th t;
	struct backend *b = (struct backend *)1;
	char err[200];

	(void)state;
	th_setup(&t, NULL);
	assert_int_equal(backend_open(t.k, "ethernet", &b, err, sizeof(err)), -EINVAL);
	assert_null(b);
	assert_non_null(strstr(err, "unknown backend"));
	assert_int_equal(backend_open(t.k, "pcap:", &b, err, sizeof(err)), -EINVAL);
	assert_int_not_equal(backend_open(t.k, "pcap:/nonexistent-dir/x.pcap", &b, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "cannot create"));
	assert_int_equal(backend_open(t.k, "tap:name-much-too-long-for-ifnamsiz", &b, err, sizeof(err)), -EINVAL);
	th_teardown(&t);
}

/* Runs tshark on path; returns the fields output ("len<TAB>hex" lines). */
static char *tshark_fields(const char *path)
{
	char cmd[512];
	static char out[8192];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 "tshark -r '%s' -T fields -e frame.len -e frame.cap_len -e data.data -o data.show_as_text:FALSE 2>/dev/null", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	pclose(p);
	return out;
}

static void test_pcap_tshark(void **state)
{
	struct th t;
	struct backend *b;
	char path[] = "/tmp/ndisdma-pcap-XXXXXX";
	char err[200];
	unsigned char f[3][1514];
	size_t lens[3] = { 60, 1514, 333 };

	(void)state;
	if (system("command -v tshark >/dev/null 2>&1") != 0) {
		print_message("SKIPPED: tshark is not installed (apt-get install -y tshark)\n");
		skip();
	}
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	th_setup(&t, NULL);
	char spec[64];
	snprintf(spec, sizeof(spec), "pcap:%s", path);
	assert_int_equal(backend_open(t.k, spec, &b, err, sizeof(err)), 0);
	assert_int_equal(backend_attach(b, NULL, NULL), 0);
	for (int i = 0; i < 3; i++) {
		for (size_t j = 0; j < lens[i]; j++)
			f[i][j] = (unsigned char)(j * 13 + (size_t)i);
		f[i][12] = 0x88, f[i][13] = 0xB5;   /* local experimental ethertype */
		assert_int_equal(backend_transmit(b, f[i], lens[i]), 0);
	}
	backend_close(b);
	th_teardown(&t);

	char *out = tshark_fields(path), *save = NULL;
	int n = 0;
	for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		unsigned len, cap;
		char hex[4096] = "";
		assert_true(n < 3);
		assert_true(sscanf(line, "%u\t%u\t%4095s", &len, &cap, hex) >= 2);
		assert_int_equal(len, lens[n]);
		assert_int_equal(cap, lens[n]);
		/* data.data is the payload after the 14-byte Ethernet header */
		assert_int_equal(strlen(hex), 2 * (lens[n] - 14));
		for (size_t j = 0; j < lens[n] - 14; j++) {
			unsigned byte;
			assert_int_equal(sscanf(hex + 2 * j, "%2x", &byte), 1);
			assert_int_equal(byte, f[n][14 + j]);
		}
	}
	assert_int_equal(n, 3);
	unlink(path);
}

static void test_tap_open(void **state)
{
	struct th t;
	struct backend *b = NULL;
	char err[200] = "";
	int rc;

	(void)state;
	th_setup(&t, NULL);
	rc = backend_open(t.k, "tap:ndisdmat0", &b, err, sizeof(err));
	if (geteuid() != 0 || access("/dev/net/tun", R_OK | W_OK) != 0) {
		assert_int_not_equal(rc, 0);
		assert_true(strlen(err) > 0);
		th_teardown(&t);
		print_message("SKIPPED: TAP needs root and /dev/net/tun (%s)\n", err);
		skip();
	}
	if (rc) {
		th_teardown(&t);
		print_message("SKIPPED: TAP unavailable here: %s\n", err);
		skip();
	}
	assert_int_equal(backend_attach(b, NULL, NULL), 0);
	unsigned char f[60] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, 0, 1, 0x88, 0xB5 };
	/* the interface is down: the kernel may refuse the write (EIO) */
	rc = backend_transmit(b, f, sizeof(f));
	assert_true(rc == 0 || rc == -EIO);
	backend_close(b);
	th_teardown(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback_order),
		cmocka_unit_test(test_bad_specs),
		cmocka_unit_test(test_pcap_tshark),
		cmocka_unit_test(test_tap_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
