/* test_config.c — the configuration calls over the machine's registry
 * (wdk-surface-facts §6.3; src/ndis/config.c, config_store.c;
 * docs/run.md "Configuration"): writes of every type, reads that see them,
 * keyword conversions, the predefined keywords, NdisReadNetworkAddress,
 * subkeys, and the configuration kept across a re-initialize of the same
 * adapter and a reload of the driver.
 */
#include "runtime_miniport.h"

#include <errno.h>

/* Run stmt at DISPATCH_LEVEL on this thread (as a spin-lock holder). */
#define AT_DISPATCH(stmt) do { \
	uint8_t old_irql_ = kernel_irql(); \
	kernel_set_irql(KIRQL_DISPATCH); \
	stmt; \
	kernel_set_irql(old_irql_); \
} while (0)

struct env {
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	NDIS_HANDLE cfg;
};

static NDIS_HANDLE open_cfg(NDIS_HANDLE owner)
{
	NDIS_CONFIGURATION_OBJECT co;
	NDIS_HANDLE h = NULL;

	memset(&co, 0, sizeof(co));
	co.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	co.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	co.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	co.NdisHandle = owner;
	assert_int_equal(NdisOpenConfigurationEx(&co, &h), NDIS_STATUS_SUCCESS);
	assert_non_null(h);
	return h;
}

static struct ndisdma_adapter *init_named(struct ndisdma_driver *d, const char *name,
					  const char *const *params)
{
	struct ndisdma_adapter_params p = { .name = name, .params = params };

	return tm_init(d, &p);
}

static void env_up(struct env *e, const char *const *params)
{
	rt_fixture_setup(&e->f);
	e->d = tm_load(&e->f);
	e->a = init_named(e->d, "eth0", params);
	e->cfg = open_cfg(e->a->na.handle);
}

static void env_down(struct env *e)
{
	if (e->cfg)
		NdisCloseConfiguration(e->cfg);
	ndisdma_adapter_halt(e->a);
	ndisdma_driver_unload(e->d);
	rt_fixture_teardown(&e->f);
}

static NDIS_STATUS rd(NDIS_HANDLE h, const char *key, NDIS_PARAMETER_TYPE t,
		     PNDIS_CONFIGURATION_PARAMETER *v)
{
	WCHAR w[64];
	NDIS_STRING s;
	NDIS_STATUS st = 12345;
	size_t n = strlen(key);

	for (size_t i = 0; i < n; i++)
		w[i] = (WCHAR)key[i];
	s.Buffer = w;
	s.Length = (USHORT)(n * sizeof(WCHAR));
	s.MaximumLength = s.Length;
	NdisReadConfiguration(&st, v, h, &s, t);
	return st;
}

static NDIS_STATUS wr(NDIS_HANDLE h, const char *key, PNDIS_CONFIGURATION_PARAMETER v)
{
	WCHAR w[64];
	NDIS_STRING s;
	NDIS_STATUS st = 12345;
	size_t n = strlen(key);

	for (size_t i = 0; i < n; i++)
		w[i] = (WCHAR)key[i];
	s.Buffer = w;
	s.Length = (USHORT)(n * sizeof(WCHAR));
	s.MaximumLength = s.Length;
	NdisWriteConfiguration(&st, h, &s, v);
	return st;
}

static NDIS_STATUS wr_int(NDIS_HANDLE h, const char *key, NDIS_PARAMETER_TYPE t, ULONG v)
{
	NDIS_CONFIGURATION_PARAMETER p;

	memset(&p, 0, sizeof(p));
	p.ParameterType = t;
	p.ParameterData.IntegerData = v;
	return wr(h, key, &p);
}

static NDIS_STATUS wr_str(NDIS_HANDLE h, const char *key, NDIS_PARAMETER_TYPE t,
			  const WCHAR *text, USHORT bytes)
{
	NDIS_CONFIGURATION_PARAMETER p;

	memset(&p, 0, sizeof(p));
	p.ParameterType = t;
	p.ParameterData.StringData.Buffer = (PWSTR)text;
	p.ParameterData.StringData.Length = bytes;
	p.ParameterData.StringData.MaximumLength = bytes;
	return wr(h, key, &p);
}

static ULONG rd_int(NDIS_HANDLE h, const char *key, NDIS_PARAMETER_TYPE t)
{
	PNDIS_CONFIGURATION_PARAMETER v = NULL;

	assert_int_equal(rd(h, key, t, &v), NDIS_STATUS_SUCCESS);
	assert_int_equal(v->ParameterType, NdisParameterInteger);
	return v->ParameterData.IntegerData;
}

static void assert_string(NDIS_HANDLE h, const char *key, const WCHAR *text, USHORT bytes)
{
	PNDIS_CONFIGURATION_PARAMETER v = NULL;

	assert_int_equal(rd(h, key, NdisParameterString, &v), NDIS_STATUS_SUCCESS);
	assert_int_equal(v->ParameterType, NdisParameterString);
	assert_int_equal(v->ParameterData.StringData.Length, bytes);
	assert_true(v->ParameterData.StringData.MaximumLength >= bytes + 2);
	assert_memory_equal(v->ParameterData.StringData.Buffer, text, bytes);
	assert_int_equal(v->ParameterData.StringData.Buffer[bytes / 2], 0);
}

/* ---- NdisWriteConfiguration ---------------------------------------------------- */

static void write_every_type(void **state)
{
	static const UCHAR blob[5] = { 1, 2, 3, 4, 5 };
	static const WCHAR multi[] = { 'a', 0, 'b', 'c', 0 };
	NDIS_CONFIGURATION_PARAMETER p, *v = NULL;
	struct env e;

	(void)state;
	env_up(&e, NULL);
	assert_int_equal(wr_int(e.cfg, "Speed", NdisParameterInteger, 100), NDIS_STATUS_SUCCESS);
	assert_int_equal(rd_int(e.cfg, "Speed", NdisParameterInteger), 100);
	/* a stored integer comes back as an integer whatever is asked */
	assert_int_equal(rd_int(e.cfg, "speed", NdisParameterString), 100);
	assert_int_equal(wr_int(e.cfg, "Mask", NdisParameterHexInteger, 0xFF), NDIS_STATUS_SUCCESS);
	assert_int_equal(rd_int(e.cfg, "Mask", NdisParameterHexInteger), 0xFF);
	assert_int_equal(wr_str(e.cfg, "Name", NdisParameterString, L"eth1", 8),
			 NDIS_STATUS_SUCCESS);
	assert_string(e.cfg, "Name", L"eth1", 8);
	/* adds or replaces: the same name (any case) takes the new value */
	assert_int_equal(wr_str(e.cfg, "NAME", NdisParameterString, L"lan", 6),
			 NDIS_STATUS_SUCCESS);
	assert_string(e.cfg, "name", L"lan", 6);
	assert_int_equal(wr_int(e.cfg, "Name", NdisParameterInteger, 7), NDIS_STATUS_SUCCESS);
	assert_int_equal(rd_int(e.cfg, "Name", NdisParameterString), 7);
	assert_int_equal(wr_str(e.cfg, "Multi", NdisParameterMultiString, multi, sizeof(multi)),
			 NDIS_STATUS_SUCCESS);
	assert_int_equal(rd(e.cfg, "Multi", NdisParameterString, &v), NDIS_STATUS_SUCCESS);
	assert_int_equal(v->ParameterType, NdisParameterMultiString);
	assert_int_equal(v->ParameterData.StringData.Length, sizeof(multi));
	assert_memory_equal(v->ParameterData.StringData.Buffer, multi, sizeof(multi));
	memset(&p, 0, sizeof(p));
	p.ParameterType = NdisParameterBinary;
	p.ParameterData.BinaryData.Buffer = (PVOID)blob;
	p.ParameterData.BinaryData.Length = sizeof(blob);
	assert_int_equal(wr(e.cfg, "Blob", &p), NDIS_STATUS_SUCCESS);
	assert_int_equal(rd(e.cfg, "Blob", NdisParameterInteger, &v), NDIS_STATUS_SUCCESS);
	assert_int_equal(v->ParameterType, NdisParameterBinary);
	assert_int_equal(v->ParameterData.BinaryData.Length, sizeof(blob));
	assert_memory_equal(v->ParameterData.BinaryData.Buffer, blob, sizeof(blob));
	e.f.expected_reports = 0;
	env_down(&e);
}

static void write_refused(void **state)
{
	NDIS_CONFIGURATION_PARAMETER p;
	NDIS_STATUS st = 1;
	struct env e;

	(void)state;
	env_up(&e, NULL);
	assert_int_equal(wr_int(e.cfg, "Bad", (NDIS_PARAMETER_TYPE)5, 1), NDIS_STATUS_NOT_SUPPORTED);
	assert_int_equal(wr_int(e.cfg, "Bad", (NDIS_PARAMETER_TYPE)-1, 1),
			 NDIS_STATUS_NOT_SUPPORTED);
	assert_int_equal(rd(e.cfg, "Bad", NdisParameterInteger, &(PNDIS_CONFIGURATION_PARAMETER){0}),
			 NDIS_STATUS_FAILURE);
	/* a string without its buffer, an empty keyword: FAILURE, nothing kept */
	assert_int_equal(wr_str(e.cfg, "Str", NdisParameterString, NULL, 4), NDIS_STATUS_FAILURE);
	assert_int_equal(wr_int(e.cfg, "", NdisParameterInteger, 1), NDIS_STATUS_FAILURE);
	assert_int_equal(wr(e.cfg, "X", NULL), NDIS_STATUS_INVALID_PARAMETER);
	/* PASSIVE_LEVEL only */
	memset(&p, 0, sizeof(p));
	AT_DISPATCH(assert_int_equal(wr_int(e.cfg, "Late", NdisParameterInteger, 1),
					NDIS_STATUS_FAILURE));
	assert_int_equal(ndisdma_report_count(e.f.m, "IRQL"), 1);
	/* a handle that is none */
	NdisWriteConfiguration(&st, &p, NULL, &p);
	assert_int_equal(st, NDIS_STATUS_INVALID_PARAMETER);
	assert_int_equal(ndisdma_report_count(e.f.m, "HANDLE"), 1);
	e.f.expected_reports = 2;
	env_down(&e);
}

/* ---- reading keywords -------------------------------------------------------------- */

static void keyword_conversions(void **state)
{
	static const char *const kw[] = { "Dec=42", "Hex=0x1F", "Digits=ff", "Neg=-1",
		"Big=4294967296", "Max=4294967295", "Text=abc", "Empty=", "Spaced= 12", NULL };
	PNDIS_CONFIGURATION_PARAMETER v = NULL;
	struct env e;

	(void)state;
	env_up(&e, kw);
	assert_int_equal(rd_int(e.cfg, "dec", NdisParameterInteger), 42);
	assert_int_equal(rd_int(e.cfg, "Hex", NdisParameterInteger), 0x1F);
	assert_int_equal(rd_int(e.cfg, "Hex", NdisParameterHexInteger), 0x1F);
	assert_int_equal(rd_int(e.cfg, "Digits", NdisParameterHexInteger), 0xFF);
	assert_int_equal(rd(e.cfg, "Digits", NdisParameterInteger, &v), NDIS_STATUS_FAILURE);
	assert_null(v);
	assert_int_equal(rd(e.cfg, "Neg", NdisParameterInteger, &v), NDIS_STATUS_FAILURE);
	assert_int_equal(rd(e.cfg, "Big", NdisParameterInteger, &v), NDIS_STATUS_FAILURE);
	assert_int_equal(rd_int(e.cfg, "Max", NdisParameterInteger), 0xFFFFFFFFu);
	assert_int_equal(rd(e.cfg, "Text", NdisParameterInteger, &v), NDIS_STATUS_FAILURE);
	assert_int_equal(rd(e.cfg, "Empty", NdisParameterInteger, &v), NDIS_STATUS_FAILURE);
	assert_int_equal(rd_int(e.cfg, "Spaced", NdisParameterInteger), 12);
	assert_string(e.cfg, "Text", L"abc", 6);
	assert_string(e.cfg, "Empty", L"", 0);
	assert_string(e.cfg, "Dec", L"42", 4);
	/* any other requested type reads the string */
	assert_int_equal(rd(e.cfg, "Text", NdisParameterBinary, &v), NDIS_STATUS_SUCCESS);
	assert_int_equal(v->ParameterType, NdisParameterString);
	assert_int_equal(rd(e.cfg, "Absent", NdisParameterString, &v), NDIS_STATUS_FAILURE);
	assert_null(v);
	env_down(&e);
}

static void predefined_keywords(void **state)
{
	struct env e;

	(void)state;
	env_up(&e, NULL);
	assert_int_equal(rd_int(e.cfg, "NdisVersion", NdisParameterInteger), 0x00060056);
	assert_int_equal(rd_int(e.cfg, "ProcessorType", NdisParameterInteger), NdisProcessorAmd64);
	assert_int_equal(rd_int(e.cfg, "processortype", NdisParameterHexInteger), 4);
	env_down(&e);
}

static void bad_keyword_refused(void **state)
{
	static const char *const no_eq[] = { "Speed", NULL };
	static const char *const empty[] = { "Ndi\\\\X=1", NULL };
	struct ndisdma_adapter_params p = { .name = "eth0", .params = no_eq };
	struct ndisdma_adapter *a = NULL;
	struct rt_fixture f;
	struct ndisdma_driver *d;
	char err[256] = "";

	(void)state;
	rt_fixture_setup(&f);
	d = tm_load(&f);
	assert_int_equal(ndisdma_adapter_initialize(d, &p, &a, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "Speed"));
	p.params = empty;
	assert_int_equal(ndisdma_adapter_initialize(d, &p, &a, err, sizeof(err)), -EINVAL);
	assert_null(a);
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

/* ---- kept for the run --------------------------------------------------------------- */

static void survives_reinitialize(void **state)
{
	static const char *const kw[] = { "Speed=10", NULL };
	NDIS_HANDLE h;
	struct env e;

	(void)state;
	env_up(&e, kw);
	assert_int_equal(rd_int(e.cfg, "Speed", NdisParameterInteger), 10);
	assert_int_equal(wr_int(e.cfg, "Speed", NdisParameterInteger, 1000), NDIS_STATUS_SUCCESS);
	assert_int_equal(wr_str(e.cfg, "Added", NdisParameterString, L"x", 2), NDIS_STATUS_SUCCESS);
	NdisCloseConfiguration(e.cfg);
	ndisdma_adapter_halt(e.a);

	/* the same adapter again: the keywords do not overwrite its writes */
	e.a = init_named(e.d, "eth0", kw);
	h = open_cfg(e.a->na.handle);
	assert_int_equal(rd_int(h, "Speed", NdisParameterInteger), 1000);
	assert_string(h, "Added", L"x", 2);
	NdisCloseConfiguration(h);
	ndisdma_adapter_halt(e.a);

	/* another adapter of the driver has its own */
	e.a = init_named(e.d, "eth1", kw);
	h = open_cfg(e.a->na.handle);
	assert_int_equal(rd_int(h, "Speed", NdisParameterInteger), 10);
	assert_int_equal(rd(h, "Added", NdisParameterString, &(PNDIS_CONFIGURATION_PARAMETER){0}),
			 NDIS_STATUS_FAILURE);
	NdisCloseConfiguration(h);
	ndisdma_adapter_halt(e.a);

	/* the driver unloaded and loaded again: still the same registry */
	ndisdma_driver_unload(e.d);
	e.d = tm_load(&e.f);
	e.a = init_named(e.d, "eth0", NULL);
	e.cfg = open_cfg(e.a->na.handle);
	assert_int_equal(rd_int(e.cfg, "Speed", NdisParameterInteger), 1000);
	env_down(&e);
}

static void driver_parameters_key(void **state)
{
	NDIS_HANDLE h;
	struct env e;

	(void)state;
	env_up(&e, NULL);
	h = open_cfg(tm_log.driver_handle);
	assert_int_equal(rd(h, "Speed", NdisParameterInteger, &(PNDIS_CONFIGURATION_PARAMETER){0}),
			 NDIS_STATUS_FAILURE);
	assert_int_equal(wr_int(h, "Global", NdisParameterInteger, 3), NDIS_STATUS_SUCCESS);
	assert_int_equal(rd_int(h, "Global", NdisParameterInteger), 3);
	/* the adapter's key is another key */
	assert_int_equal(rd(e.cfg, "Global", NdisParameterInteger,
			    &(PNDIS_CONFIGURATION_PARAMETER){0}), NDIS_STATUS_FAILURE);
	NdisCloseConfiguration(h);
	NdisCloseConfiguration(e.cfg);
	ndisdma_adapter_halt(e.a);
	ndisdma_driver_unload(e.d);
	e.d = tm_load(&e.f);
	h = open_cfg(tm_log.driver_handle);
	assert_int_equal(rd_int(h, "Global", NdisParameterInteger), 3);
	NdisCloseConfiguration(h);
	e.a = init_named(e.d, "eth0", NULL);
	e.cfg = NULL;
	env_down(&e);
}

/* ---- NdisReadNetworkAddress ------------------------------------------------------------ */

static NDIS_STATUS address_of(const char *value, UCHAR *out, UINT *len)
{
	char kw[80];
	const char *const params[] = { kw, NULL };
	PVOID addr = (PVOID)1;
	NDIS_STATUS st;
	struct env e;

	snprintf(kw, sizeof(kw), "NetworkAddress=%s", value);
	env_up(&e, value ? params : NULL);
	*len = 99;
	NdisReadNetworkAddress(&st, &addr, len, e.cfg);
	if (st == NDIS_STATUS_SUCCESS)
		memcpy(out, addr, *len);
	else
		assert_true(addr == NULL && *len == 0);
	env_down(&e);   /* the address storage went with the handle: pools at baseline */
	return st;
}

static void network_address(void **state)
{
	static const UCHAR mac[6] = { 0x02, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE };
	UCHAR b[64];
	UINT n;

	(void)state;
	assert_int_equal(address_of("02-AA-BB-CC-DD-EE", b, &n), NDIS_STATUS_SUCCESS);
	assert_int_equal(n, 6);
	assert_memory_equal(b, mac, 6);
	assert_int_equal(address_of("02aabbccddee", b, &n), NDIS_STATUS_SUCCESS);
	assert_memory_equal(b, mac, 6);
	/* NDIS does not check the length or the multicast bit: the driver does */
	assert_int_equal(address_of("0311", b, &n), NDIS_STATUS_SUCCESS);
	assert_int_equal(n, 2);
	assert_int_equal(b[0], 0x03);
	assert_int_equal(address_of("01-00-5E-00-00-01", b, &n), NDIS_STATUS_SUCCESS);
	assert_int_equal(n, 6);
	/* not hex pairs */
	assert_int_equal(address_of("02-AA-", b, &n), NDIS_STATUS_FAILURE);
	assert_int_equal(address_of("-02AA", b, &n), NDIS_STATUS_FAILURE);
	assert_int_equal(address_of("02--AA", b, &n), NDIS_STATUS_FAILURE);
	assert_int_equal(address_of("0-2AA", b, &n), NDIS_STATUS_FAILURE);
	assert_int_equal(address_of("02A", b, &n), NDIS_STATUS_FAILURE);
	assert_int_equal(address_of("02:AA:BB:CC:DD:EE", b, &n), NDIS_STATUS_FAILURE);
	assert_int_equal(address_of("zz", b, &n), NDIS_STATUS_FAILURE);
	assert_int_equal(address_of("", b, &n), NDIS_STATUS_FAILURE);
	/* absent */
	assert_int_equal(address_of(NULL, b, &n), NDIS_STATUS_FAILURE);
}

static void network_address_not_a_string(void **state)
{
	PVOID addr;
	UINT len;
	NDIS_STATUS st;
	struct env e;

	(void)state;
	env_up(&e, NULL);
	assert_int_equal(wr_int(e.cfg, "NetworkAddress", NdisParameterInteger, 0x1234),
			 NDIS_STATUS_SUCCESS);
	NdisReadNetworkAddress(&st, &addr, &len, e.cfg);
	assert_int_equal(st, NDIS_STATUS_FAILURE);
	/* written as a string: then it converts */
	assert_int_equal(wr_str(e.cfg, "NetworkAddress", NdisParameterString, L"0A0B", 8),
			 NDIS_STATUS_SUCCESS);
	NdisReadNetworkAddress(&st, &addr, &len, e.cfg);
	assert_int_equal(st, NDIS_STATUS_SUCCESS);
	assert_int_equal(len, 2);
	assert_int_equal(((UCHAR *)addr)[1], 0x0B);
	env_down(&e);
}

/* ---- subkeys ------------------------------------------------------------------------- */

static NDIS_HANDLE open_sub(NDIS_HANDLE h, const WCHAR *name, USHORT bytes, NDIS_STATUS *st)
{
	NDIS_STRING s = { bytes, bytes, (PWSTR)name };
	NDIS_HANDLE sub = (NDIS_HANDLE)1;

	NdisOpenConfigurationKeyByName(st, h, &s, &sub);
	return sub;
}

static void subkeys(void **state)
{
	static const char *const kw[] = { "Ndi\\Params\\Speed=100", "Ndi\\Other=1", "Top=2",
					  "Extra\\X=3", NULL };
	NDIS_HANDLE ndi, params, again, k;
	NDIS_STRING name;
	NDIS_STATUS st;
	struct env e;

	(void)state;
	env_up(&e, kw);
	ndi = open_sub(e.cfg, L"ndi", 6, &st);
	assert_int_equal(st, NDIS_STATUS_SUCCESS);
	assert_int_equal(rd_int(ndi, "Other", NdisParameterInteger), 1);
	assert_int_equal(rd(ndi, "Top", NdisParameterInteger, &(PNDIS_CONFIGURATION_PARAMETER){0}),
			 NDIS_STATUS_FAILURE);
	params = open_sub(ndi, L"Params", 12, &st);
	assert_int_equal(st, NDIS_STATUS_SUCCESS);
	assert_int_equal(rd_int(params, "Speed", NdisParameterInteger), 100);
	assert_int_equal(wr_int(params, "Duplex", NdisParameterInteger, 2), NDIS_STATUS_SUCCESS);
	assert_null(open_sub(e.cfg, L"Absent", 12, &st));
	assert_int_equal(st, NDIS_STATUS_FAILURE);
	assert_null(open_sub(e.cfg, L"Params", 12, &st));   /* not a child of the root */
	assert_int_equal(st, NDIS_STATUS_FAILURE);

	/* by index: creation order, FAILURE past the end */
	NdisOpenConfigurationKeyByIndex(&st, e.cfg, 0, &name, &k);
	assert_int_equal(st, NDIS_STATUS_SUCCESS);
	assert_int_equal(name.Length, 6);
	assert_memory_equal(name.Buffer, L"Ndi", 6);
	NdisCloseConfiguration(k);
	NdisOpenConfigurationKeyByIndex(&st, e.cfg, 1, &name, &k);
	assert_int_equal(st, NDIS_STATUS_SUCCESS);
	assert_memory_equal(name.Buffer, L"Extra", 10);
	assert_int_equal(rd_int(k, "X", NdisParameterInteger), 3);
	NdisCloseConfiguration(k);
	NdisOpenConfigurationKeyByIndex(&st, e.cfg, 2, &name, &k);
	assert_int_equal(st, NDIS_STATUS_FAILURE);
	assert_null(k);
	NdisOpenConfigurationKeyByIndex(&st, params, 0, &name, &k);
	assert_int_equal(st, NDIS_STATUS_FAILURE);

	/* what a subkey handle wrote, a new handle reads */
	NdisCloseConfiguration(params);
	again = open_sub(ndi, L"PARAMS", 12, &st);
	assert_int_equal(rd_int(again, "Duplex", NdisParameterInteger), 2);
	NdisCloseConfiguration(again);
	/* below DISPATCH_LEVEL */
	AT_DISPATCH(assert_null(open_sub(e.cfg, L"Ndi", 6, &st)));
	assert_int_equal(st, NDIS_STATUS_FAILURE);
	assert_int_equal(ndisdma_report_count(e.f.m, "IRQL"), 1);
	/* a subkey handle never closed: reported and reclaimed at halt */
	e.f.expected_reports = 2;
	env_down(&e);
	(void)ndi;
}

/* --fault: a write that cannot be stored is NDIS_STATUS_RESOURCES, and
 * the value is not there. */
static void write_fault(void **state)
{
	struct ndisdma_adapter_params p = { .name = "eth0" };
	struct ndisdma_config c;
	struct kernel *k;
	char err[128];
	struct env e;

	(void)state;
	tm_reset();
	ndisdma_config_init(&c);
	c.fault_mode = NDISDMA_FAULT_NTH;
	c.fault_nth = UINT64_MAX;   /* armed below */
	assert_int_equal(ndisdma_machine_create(&c, &e.f.m, err, sizeof(err)), 0);
	ndisdma_thread_enter(e.f.m);
	ndisdma_machine_pools(e.f.m, &e.f.base);
	e.d = tm_load(&e.f);
	e.a = tm_init(e.d, &p);
	e.cfg = open_cfg(e.a->na.handle);
	k = e.f.m->k;
	k->config.fault.nth = atomic_load(&k->fault_counter) + 1;
	assert_int_equal(wr_int(e.cfg, "Speed", NdisParameterInteger, 1), NDIS_STATUS_RESOURCES);
	k->config.fault.nth = UINT64_MAX;
	assert_int_equal(rd(e.cfg, "Speed", NdisParameterInteger,
			    &(PNDIS_CONFIGURATION_PARAMETER){0}), NDIS_STATUS_FAILURE);
	assert_int_equal(ndisdma_report_count(e.f.m, "FAULT-INJECTED"), 1);
	e.f.expected_reports = 1;
	env_down(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(write_every_type),
		cmocka_unit_test(write_refused),
		cmocka_unit_test(write_fault),
		cmocka_unit_test(keyword_conversions),
		cmocka_unit_test(predefined_keywords),
		cmocka_unit_test(bad_keyword_refused),
		cmocka_unit_test(survives_reinitialize),
		cmocka_unit_test(driver_parameters_key),
		cmocka_unit_test(network_address),
		cmocka_unit_test(network_address_not_a_string),
		cmocka_unit_test(subkeys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
