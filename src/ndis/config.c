/* config.c — the configuration calls (wdk-surface-facts §6.3):
 * NdisOpenConfigurationEx, NdisReadConfiguration, NdisWriteConfiguration,
 * NdisReadNetworkAddress, NdisOpenConfigurationKeyByName/ByIndex and
 * NdisCloseConfiguration, over the adapter's (or the driver's) key in the
 * machine's registry (config_store.h: seeded from the run's keywords,
 * kept for the whole run, one lock for reads and writes).
 *
 * A configuration handle is a resource of its owner (RES-LEAK if never
 * closed); every parameter and address it returned lives until it is
 * closed.  A subkey handle is a handle like the others.
 */
#include "ndis/ndis_internal.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "ndis/config_store.h"

#define CONFIG_MAGIC 0x47464E4353494E44ull   /* "DNISCNFG" */
/* Predefined keywords (facts §6.3): NDIS 6.86 on an x64 processor. */
#define CONFIG_NDIS_VERSION 0x00060056u

struct config_alloc {
	struct config_alloc *next;
	NDIS_CONFIGURATION_PARAMETER param;
	_Alignas(8) unsigned char data[];       /* string, binary or address bytes */
};

struct config_ctx {
	uint64_t magic;
	struct kernel *k;
	struct kres res;
	struct config_key *key;                 /* NULL: an empty key (no registry) */
	struct config_alloc *allocs;
};

static void config_free(struct config_ctx *c)
{
	while (c->allocs) {
		struct config_alloc *a = c->allocs;

		c->allocs = a->next;
		kernel_free(c->k, a);
	}
	c->magic = 0;
	kernel_free(c->k, c);
}

static void config_reclaim(struct kres *r)
{
	config_free((struct config_ctx *)((char *)r - offsetof(struct config_ctx, res)));
}

static struct config_alloc *config_alloc(struct config_ctx *c, size_t bytes)
{
	struct config_alloc *a = kernel_zalloc(c->k, sizeof(*a) + bytes, "ndis.config.value");

	if (a) {
		a->next = c->allocs;
		c->allocs = a;
	}
	return a;
}

static struct config_ctx *config_lookup(NDIS_HANDLE h, const char *api, const void *site)
{
	struct config_ctx *c = h;
	struct kernel *k = kernel_current();

	if (c && c->magic == CONFIG_MAGIC)
		return c;
	if (k) {
		struct vf_facts f = { .handle = h, .irql = -1, .call_site = site };

		vf_report(k->verifier, VF_HANDLE, &f,
			  "%s: %p is not an open configuration handle", api, h);
	}
	return NULL;
}

static struct config_ctx *config_new(struct kernel *k, struct kres_list *owner,
				     struct config_key *key, const void *site)
{
	struct config_ctx *c = kernel_zalloc(k, sizeof(*c), "ndis.config");

	if (!c)
		return NULL;
	c->magic = CONFIG_MAGIC;
	c->k = k;
	c->key = key;
	kres_add(owner, &c->res, "configuration", site, sizeof(*c), config_reclaim);
	return c;
}

/* The key a driver or adapter handle opens (NULL for a handle without). */
static struct config_key *key_of(struct kernel *k, NDIS_HANDLE h)
{
	enum handle_error err;
	struct ndis_adapter *a = kernel_handle_lookup(k, h, HANDLE_ADAPTER, &err);
	struct ndis_driver *d;

	if (a)
		return a->config;
	d = kernel_handle_lookup(k, h, HANDLE_DRIVER, &err);
	return d ? d->config : NULL;
}

NDIS_STATUS NdisOpenConfigurationEx(PNDIS_CONFIGURATION_OBJECT ConfigObject,
				    PNDIS_HANDLE ConfigurationHandle)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct kres_list *owner;
	struct config_ctx *c;

	if (ConfigurationHandle)
		*ConfigurationHandle = NULL;
	if (!ndis_check_irql(k, "NdisOpenConfigurationEx", KIRQL_PASSIVE,
			     KIRQL_PASSIVE, site))
		return NDIS_STATUS_FAILURE;
	if (!ConfigObject || !ConfigurationHandle)
		return NDIS_STATUS_INVALID_PARAMETER;
	if (ConfigObject->Header.Type != NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT ||
	    ConfigObject->Header.Revision != NDIS_CONFIGURATION_OBJECT_REVISION_1 ||
	    ConfigObject->Header.Size < NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1) {
		struct vf_facts f = { .handle = ConfigObject, .irql = -1, .call_site = site };

		vf_report(k->verifier, VF_REG_HEADER, &f,
			  "NdisOpenConfigurationEx: header type 0x%02X revision %u size %u",
			  ConfigObject->Header.Type, ConfigObject->Header.Revision,
			  ConfigObject->Header.Size);
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	owner = ndis_owner_resources(ConfigObject->NdisHandle);
	if (!owner) {
		ndis_adapter_from_handle(ConfigObject->NdisHandle,
					 "NdisOpenConfigurationEx", site);
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	c = config_new(k, owner, key_of(k, ConfigObject->NdisHandle), site);
	if (!c)
		return NDIS_STATUS_RESOURCES;
	*ConfigurationHandle = c;
	return NDIS_STATUS_SUCCESS;
}

static struct cfg_name name_of(PCUNICODE_STRING s)
{
	struct cfg_name n = { s->Buffer, s->Length / sizeof(WCHAR) };

	return n;
}

static bool valid_string(PCUNICODE_STRING s)
{
	return s && (s->Buffer || !s->Length);
}

/* ---- reading ---------------------------------------------------------------------- */

/* Decimal (or 0x-prefixed hex) for Integer, hex for HexInteger. */
static bool parse_ulong(const WCHAR *w, size_t n, bool hex, ULONG *out)
{
	uint64_t v = 0;
	size_t i = 0, start;

	while (i < n && (w[i] == ' ' || w[i] == '\t'))
		i++;
	if (i + 1 < n && w[i] == '0' && (w[i + 1] == 'x' || w[i + 1] == 'X')) {
		hex = true;
		i += 2;
	}
	for (start = i; i < n; i++) {
		WCHAR c = w[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     hex && c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
			     hex && c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 99;

		if (d == 99)
			return false;
		v = v * (hex ? 16 : 10) + d;
		if (v > 0xFFFFFFFFull)
			return false;
	}
	if (i == start)
		return false;
	*out = (ULONG)v;
	return true;
}

struct read_ctx {
	struct config_ctx *c;
	NDIS_PARAMETER_TYPE want;
	PNDIS_CONFIGURATION_PARAMETER out;
};

/* A string (or multi-string: + a second NUL) parameter of `bytes`. */
static int make_string(struct read_ctx *r, const void *data, size_t bytes,
		       NDIS_PARAMETER_TYPE type)
{
	size_t max = bytes + (type == NdisParameterMultiString ? 4 : 2);
	struct config_alloc *a;

	if (max > 0xFFFF)
		return -EINVAL;
	if (!(a = config_alloc(r->c, max)))
		return -ENOMEM;
	if (bytes)
		memcpy(a->data, data, bytes);
	a->param.ParameterType = type;
	a->param.ParameterData.StringData.Buffer = (PWSTR)(void *)a->data;
	a->param.ParameterData.StringData.Length = (USHORT)bytes;
	a->param.ParameterData.StringData.MaximumLength = (USHORT)max;
	r->out = &a->param;
	return 0;
}

static int make_integer(struct read_ctx *r, ULONG v)
{
	struct config_alloc *a = config_alloc(r->c, 0);

	if (!a)
		return -ENOMEM;
	a->param.ParameterType = NdisParameterInteger;   /* facts: even for Hex */
	a->param.ParameterData.IntegerData = v;
	r->out = &a->param;
	return 0;
}

/* Under the registry lock: the stored value as the caller's parameter.
 * NT ignores ParameterType except to convert a string to an integer. */
static int read_value(void *ctx, const struct cfg_value *v)
{
	struct read_ctx *r = ctx;
	struct config_alloc *a;
	ULONG n;

	switch (v->kind) {
	case CFG_DWORD:
		return make_integer(r, v->dword);
	case CFG_MULTI:
		return make_string(r, v->data, v->bytes, NdisParameterMultiString);
	case CFG_BINARY:
		if (v->bytes > 0xFFFF || !(a = config_alloc(r->c, v->bytes)))
			return v->bytes > 0xFFFF ? -EINVAL : -ENOMEM;
		memcpy(a->data, v->data, v->bytes);
		a->param.ParameterType = NdisParameterBinary;
		a->param.ParameterData.BinaryData.Length = (USHORT)v->bytes;
		a->param.ParameterData.BinaryData.Buffer = a->data;
		r->out = &a->param;
		return 0;
	default:
		if (r->want != NdisParameterInteger && r->want != NdisParameterHexInteger)
			return make_string(r, v->data, v->bytes, NdisParameterString);
		if (!parse_ulong(v->data, v->bytes / sizeof(WCHAR),
				 r->want == NdisParameterHexInteger, &n))
			return -EINVAL;
		return make_integer(r, n);
	}
}

static bool is_keyword(PCUNICODE_STRING key, const char *ascii)
{
	size_t n = strlen(ascii);
	struct cfg_name k = name_of(key);

	if (k.count != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		WCHAR a = k.units[i], b = (WCHAR)ascii[i];

		if ((a | 0x20) != (b | 0x20) || a > 0x7F)
			return false;
	}
	return true;
}

static NDIS_STATUS status_of(int rc)
{
	return rc == 0 ? NDIS_STATUS_SUCCESS : rc == -ENOMEM ? NDIS_STATUS_RESOURCES
							     : NDIS_STATUS_FAILURE;
}

VOID NdisReadConfiguration(PNDIS_STATUS Status,
			   PNDIS_CONFIGURATION_PARAMETER *ParameterValue,
			   NDIS_HANDLE ConfigurationHandle, PNDIS_STRING Keyword,
			   NDIS_PARAMETER_TYPE ParameterType)
{
	const void *site = NDIS_CALLER();
	struct read_ctx r = { .want = ParameterType };
	int rc;

	if (ParameterValue)
		*ParameterValue = NULL;
	if (!Status)
		return;
	*Status = NDIS_STATUS_FAILURE;
	if (!ndis_check_irql(kernel_current(), "NdisReadConfiguration",
			     KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return;
	r.c = config_lookup(ConfigurationHandle, "NdisReadConfiguration", site);
	if (!r.c || !ParameterValue || !valid_string(Keyword)) {
		*Status = NDIS_STATUS_INVALID_PARAMETER;
		return;
	}
	if (is_keyword(Keyword, "NdisVersion"))
		rc = make_integer(&r, CONFIG_NDIS_VERSION);
	else if (is_keyword(Keyword, "ProcessorType"))
		rc = make_integer(&r, NdisProcessorAmd64);
	else   /* documented: NDIS_STATUS_FAILURE when absent */
		rc = r.c->key ? config_read(r.c->key, name_of(Keyword), read_value, &r) : -ENOENT;
	*Status = status_of(rc);
	if (rc == 0)
		*ParameterValue = r.out;
}

/* ---- writing ---------------------------------------------------------------------- */

/* The value to store for a parameter; false for a type NDIS does not
 * write (NOT_SUPPORTED) or a string without its buffer. */
static bool value_of(PNDIS_CONFIGURATION_PARAMETER p, struct cfg_value *v, bool *supported)
{
	*supported = true;
	memset(v, 0, sizeof(*v));
	switch (p->ParameterType) {
	case NdisParameterInteger:
	case NdisParameterHexInteger:
		v->kind = CFG_DWORD;
		v->dword = p->ParameterData.IntegerData;
		return true;
	case NdisParameterString:
	case NdisParameterMultiString:
		v->kind = p->ParameterType == NdisParameterString ? CFG_TEXT : CFG_MULTI;
		v->data = p->ParameterData.StringData.Buffer;
		v->bytes = p->ParameterData.StringData.Length & ~1u;
		return valid_string(&p->ParameterData.StringData);
	case NdisParameterBinary:
		v->kind = CFG_BINARY;
		v->data = p->ParameterData.BinaryData.Buffer;
		v->bytes = p->ParameterData.BinaryData.Length;
		return v->data || !v->bytes;
	default:
		*supported = false;
		return false;
	}
}

VOID NdisWriteConfiguration(PNDIS_STATUS Status, NDIS_HANDLE ConfigurationHandle,
			    PNDIS_STRING Keyword, PNDIS_CONFIGURATION_PARAMETER ParameterValue)
{
	const void *site = NDIS_CALLER();
	struct config_ctx *c;
	struct cfg_value v;
	bool supported;

	if (!Status)
		return;
	*Status = NDIS_STATUS_FAILURE;
	if (!ndis_check_irql(kernel_current(), "NdisWriteConfiguration",
			     KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return;
	c = config_lookup(ConfigurationHandle, "NdisWriteConfiguration", site);
	if (!c || !ParameterValue || !valid_string(Keyword)) {
		*Status = NDIS_STATUS_INVALID_PARAMETER;
		return;
	}
	if (!value_of(ParameterValue, &v, &supported)) {
		*Status = supported ? NDIS_STATUS_FAILURE : NDIS_STATUS_NOT_SUPPORTED;
		return;
	}
	if (!c->key || !Keyword->Length)
		return;   /* no key to write to, or no name: FAILURE */
	if (kernel_fault(c->k, "ndis.config.write")) {
		*Status = NDIS_STATUS_RESOURCES;
		return;
	}
	*Status = status_of(config_write(c->key, name_of(Keyword), &v));
}

/* ---- NetworkAddress --------------------------------------------------------------- */

static int hex_digit(WCHAR c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* "02-AA-BB-CC-DD-EE" or "02AABBCCDDEE": pairs of hex digits, one hyphen
 * allowed between two pairs.  Writes the bytes to out (when not NULL) and
 * returns how many, or -1 when the text is something else. */
static long hex_pairs(const WCHAR *w, size_t n, unsigned char *out)
{
	long count = 0;

	for (size_t i = 0; i < n; i += 2) {
		if (count && w[i] == '-' && i + 1 < n && w[i + 1] != '-')
			i++;
		if (i + 1 >= n || hex_digit(w[i]) < 0 || hex_digit(w[i + 1]) < 0)
			return -1;
		if (out)
			out[count] = (unsigned char)(hex_digit(w[i]) << 4 | hex_digit(w[i + 1]));
		count++;
	}
	return count ? count : -1;
}

/* Under the registry lock: the NetworkAddress value as bytes. */
static int read_address(void *ctx, const struct cfg_value *v)
{
	struct read_ctx *r = ctx;
	size_t n = v->bytes / sizeof(WCHAR);
	struct config_alloc *a;
	long count;

	if (v->kind != CFG_TEXT || (count = hex_pairs(v->data, n, NULL)) < 0)
		return -EINVAL;
	if (!(a = config_alloc(r->c, (size_t)count)))
		return -ENOMEM;
	hex_pairs(v->data, n, a->data);
	a->param.ParameterData.BinaryData.Length = (USHORT)count;
	r->out = &a->param;
	return 0;
}

VOID NdisReadNetworkAddress(PNDIS_STATUS Status, PVOID *NetworkAddress,
			    PUINT NetworkAddressLength, NDIS_HANDLE ConfigurationHandle)
{
	static const WCHAR key[] = L"NetworkAddress";
	const struct cfg_name name = { key, sizeof(key) / sizeof(WCHAR) - 1 };
	const void *site = NDIS_CALLER();
	struct read_ctx r = { 0 };
	int rc;

	if (NetworkAddress)
		*NetworkAddress = NULL;
	if (NetworkAddressLength)
		*NetworkAddressLength = 0;
	if (!Status)
		return;
	*Status = NDIS_STATUS_FAILURE;
	if (!ndis_check_irql(kernel_current(), "NdisReadNetworkAddress",
			     KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return;
	r.c = config_lookup(ConfigurationHandle, "NdisReadNetworkAddress", site);
	if (!r.c || !NetworkAddress || !NetworkAddressLength) {
		*Status = NDIS_STATUS_INVALID_PARAMETER;
		return;
	}
	rc = r.c->key ? config_read(r.c->key, name, read_address, &r) : -ENOENT;
	*Status = status_of(rc);
	if (rc == 0) {
		*NetworkAddress = ((struct config_alloc *)(void *)((char *)r.out -
				   offsetof(struct config_alloc, param)))->data;
		*NetworkAddressLength = r.out->ParameterData.BinaryData.Length;
	}
}

/* ---- subkeys ---------------------------------------------------------------------- */

static struct config_ctx *subkey_parent(PNDIS_STATUS Status, NDIS_HANDLE h, PNDIS_HANDLE out,
					const char *api, const void *site)
{
	struct config_ctx *c;

	if (out)
		*out = NULL;
	if (!Status)
		return NULL;
	*Status = NDIS_STATUS_FAILURE;
	if (!ndis_check_irql(kernel_current(), api, KIRQL_PASSIVE, KIRQL_APC, site))
		return NULL;
	c = config_lookup(h, api, site);
	if (!c || !out) {
		*Status = NDIS_STATUS_INVALID_PARAMETER;
		return NULL;
	}
	return c;
}

VOID NdisOpenConfigurationKeyByName(PNDIS_STATUS Status, NDIS_HANDLE ConfigurationHandle,
				    PNDIS_STRING SubKeyName, PNDIS_HANDLE SubKeyHandle)
{
	const void *site = NDIS_CALLER();
	struct config_ctx *c, *sub;
	struct config_key *k;

	c = subkey_parent(Status, ConfigurationHandle, SubKeyHandle,
			  "NdisOpenConfigurationKeyByName", site);
	if (!c)
		return;
	if (!valid_string(SubKeyName)) {
		*Status = NDIS_STATUS_INVALID_PARAMETER;
		return;
	}
	k = c->key ? config_subkey(c->key, name_of(SubKeyName)) : NULL;
	if (!k)
		return;   /* documented: FAILURE */
	sub = config_new(c->k, c->res.list, k, site);
	*Status = sub ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
	*SubKeyHandle = sub;
}

VOID NdisOpenConfigurationKeyByIndex(PNDIS_STATUS Status, NDIS_HANDLE ConfigurationHandle,
				     ULONG Index, PNDIS_STRING KeyName, PNDIS_HANDLE KeyHandle)
{
	const void *site = NDIS_CALLER();
	struct config_ctx *c, *sub;
	struct config_alloc *a;
	struct config_key *k;
	struct cfg_name name;

	c = subkey_parent(Status, ConfigurationHandle, KeyHandle,
			  "NdisOpenConfigurationKeyByIndex", site);
	if (!c)
		return;
	if (!KeyName) {
		*Status = NDIS_STATUS_INVALID_PARAMETER;
		return;
	}
	k = c->key ? config_subkey_at(c->key, Index, &name) : NULL;
	if (!k)
		return;   /* past the last subkey: FAILURE ends an enumeration */
	*Status = NDIS_STATUS_RESOURCES;
	if (!(sub = config_new(c->k, c->res.list, k, site)))
		return;
	if (!(a = config_alloc(sub, (name.count + 1) * sizeof(WCHAR)))) {
		kres_remove(&sub->res);
		config_free(sub);
		return;
	}
	memcpy(a->data, name.units, name.count * sizeof(WCHAR));
	KeyName->Buffer = (PWSTR)(void *)a->data;   /* lives until the subkey closes */
	KeyName->Length = (USHORT)(name.count * sizeof(WCHAR));
	KeyName->MaximumLength = (USHORT)(KeyName->Length + sizeof(WCHAR));
	*KeyHandle = sub;
	*Status = NDIS_STATUS_SUCCESS;
}

VOID NdisCloseConfiguration(NDIS_HANDLE ConfigurationHandle)
{
	const void *site = NDIS_CALLER();
	struct config_ctx *c;

	ndis_check_irql(kernel_current(), "NdisCloseConfiguration",
			KIRQL_PASSIVE, KIRQL_PASSIVE, site);
	c = config_lookup(ConfigurationHandle, "NdisCloseConfiguration", site);
	if (!c)
		return;
	kres_remove(&c->res);
	config_free(c);
}
