/* config.c — NdisOpenConfigurationEx / NdisReadConfiguration /
 * NdisReadNetworkAddress / NdisCloseConfiguration over the "Key=Value" keywords the machine was
 * given for the adapter (its stand-in for the registry).
 *
 * A configuration handle is a resource of its owner (RES-LEAK if never
 * closed); every parameter returned lives until the handle is closed.
 */
#include "ndis/ndis_internal.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define CONFIG_MAGIC 0x47464E4353494E44ull   /* "DNISCNFG" */

struct config_value {
	struct config_value *next;
	NDIS_CONFIGURATION_PARAMETER param;
	_Alignas(8) unsigned char data[];       /* string or binary payload */
};

struct config_ctx {
	uint64_t magic;
	struct kernel *k;
	struct kres res;
	const char *const *params;
	struct config_value *values;
};

static void config_free(struct config_ctx *c)
{
	while (c->values) {
		struct config_value *v = c->values;

		c->values = v->next;
		kernel_free(c->k, v);
	}
	c->magic = 0;
	kernel_free(c->k, c);
}

static void config_reclaim(struct kres *r)
{
	config_free((struct config_ctx *)((char *)r - offsetof(struct config_ctx, res)));
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

NDIS_STATUS NdisOpenConfigurationEx(PNDIS_CONFIGURATION_OBJECT ConfigObject,
				    PNDIS_HANDLE ConfigurationHandle)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct kres_list *owner;
	struct ndis_adapter *a;
	enum handle_error err;
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
	c = kernel_zalloc(k, sizeof(*c), "ndis.config");
	if (!c)
		return NDIS_STATUS_RESOURCES;
	c->magic = CONFIG_MAGIC;
	c->k = k;
	a = kernel_handle_lookup(k, ConfigObject->NdisHandle, HANDLE_ADAPTER, &err);
	c->params = a ? a->config_params : NULL;   /* a driver has no keywords */
	kres_add(owner, &c->res, "configuration", site, sizeof(*c), config_reclaim);
	*ConfigurationHandle = c;
	return NDIS_STATUS_SUCCESS;
}

/* The value of keyword (UTF-16, case-insensitive as the registry), or NULL. */
static const char *find_value(const char *const *params, PCUNICODE_STRING key)
{
	size_t n = key->Length / sizeof(WCHAR);

	for (; params && *params; params++) {
		const char *p = *params, *eq = strchr(p, '=');
		size_t i;

		if (!eq || (size_t)(eq - p) != n)
			continue;
		for (i = 0; i < n; i++)
			if (key->Buffer[i] > 0x7F ||
			    tolower((unsigned char)p[i]) != tolower(key->Buffer[i]))
				break;
		if (i == n)
			return eq + 1;
	}
	return NULL;
}

static bool parse_ulong(const char *s, int base, ULONG *out)
{
	char *end;
	unsigned long long v;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s || *s == '-')
		return false;
	v = strtoull(s, &end, base == 16 ? 16 : 0);
	if (*end || v > 0xFFFFFFFFull)
		return false;
	*out = (ULONG)v;
	return true;
}

/* UTF-8 -> UTF-16 (invalid bytes become U+FFFD); returns code units. */
static size_t utf16_from_utf8(const char *s, WCHAR *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p) {
		uint32_t cp;
		int extra = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : 0;

		cp = extra ? *p & (0x3F >> extra) : *p;
		if (*p >= 0x80 && *p < 0xC0)
			cp = 0xFFFD;
		p++;
		for (int i = 0; i < extra; i++, p++) {
			if ((*p & 0xC0) != 0x80) {
				cp = 0xFFFD;
				break;
			}
			cp = cp << 6 | (*p & 0x3F);
		}
		if (cp >= 0x10000) {
			cp -= 0x10000;
			if (out) {
				out[n] = (WCHAR)(0xD800 | (cp >> 10));
				out[n + 1] = (WCHAR)(0xDC00 | (cp & 0x3FF));
			}
			n += 2;
		} else {
			if (out)
				out[n] = (WCHAR)cp;
			n++;
		}
	}
	return n;
}

static struct config_value *make_value(struct config_ctx *c, const char *text,
				       NDIS_PARAMETER_TYPE type)
{
	size_t units = utf16_from_utf8(text, NULL);
	/* string + NUL (+ a second NUL for a multi-string) */
	size_t bytes = type == NdisParameterBinary ? strlen(text)
						   : (units + 2) * sizeof(WCHAR);
	struct config_value *v;

	if (bytes > 0xFFFE)
		return NULL;
	v = kernel_zalloc(c->k, sizeof(*v) + bytes, "ndis.config.value");
	if (!v)
		return NULL;
	v->param.ParameterType = type;
	if (type == NdisParameterBinary) {
		memcpy(v->data, text, bytes);
		v->param.ParameterData.BinaryData.Length = (USHORT)bytes;
		v->param.ParameterData.BinaryData.Buffer = v->data;
	} else {
		WCHAR *w = (WCHAR *)(void *)v->data;

		utf16_from_utf8(text, w);
		v->param.ParameterData.StringData.Buffer = w;
		v->param.ParameterData.StringData.Length = (USHORT)(units * sizeof(WCHAR));
		v->param.ParameterData.StringData.MaximumLength = (USHORT)bytes;
	}
	v->next = c->values;
	c->values = v;
	return v;
}

static NDIS_STATUS read_value(struct config_ctx *c, const char *text,
			      NDIS_PARAMETER_TYPE type,
			      PNDIS_CONFIGURATION_PARAMETER *out)
{
	struct config_value *v;
	ULONG n;

	switch (type) {
	case NdisParameterInteger:
	case NdisParameterHexInteger:
		if (!parse_ulong(text, type == NdisParameterHexInteger ? 16 : 10, &n))
			return NDIS_STATUS_FAILURE;
		v = kernel_zalloc(c->k, sizeof(*v), "ndis.config.value");
		if (!v)
			return NDIS_STATUS_RESOURCES;
		v->param.ParameterType = type;
		v->param.ParameterData.IntegerData = n;
		v->next = c->values;
		c->values = v;
		break;
	case NdisParameterString:
	case NdisParameterMultiString:
	case NdisParameterBinary:
		v = make_value(c, text, type);
		if (!v)
			return NDIS_STATUS_RESOURCES;
		break;
	default:
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	*out = &v->param;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisReadConfiguration(PNDIS_STATUS Status,
			   PNDIS_CONFIGURATION_PARAMETER *ParameterValue,
			   NDIS_HANDLE ConfigurationHandle, PNDIS_STRING Keyword,
			   NDIS_PARAMETER_TYPE ParameterType)
{
	const void *site = NDIS_CALLER();
	struct config_ctx *c;
	const char *text;

	if (ParameterValue)
		*ParameterValue = NULL;
	if (!Status)
		return;
	*Status = NDIS_STATUS_FAILURE;
	if (!ndis_check_irql(kernel_current(), "NdisReadConfiguration",
			     KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return;
	c = config_lookup(ConfigurationHandle, "NdisReadConfiguration", site);
	if (!c || !ParameterValue || !Keyword || (!Keyword->Buffer && Keyword->Length)) {
		*Status = NDIS_STATUS_INVALID_PARAMETER;
		return;
	}
	text = find_value(c->params, Keyword);
	if (!text)
		return;   /* documented: NDIS_STATUS_FAILURE when absent */
	*Status = read_value(c, text, ParameterType, ParameterValue);
}

/* "NetworkAddress": 12 hex digits, '-' or ':' between bytes allowed. */
static bool parse_mac(const char *s, UCHAR mac[6])
{
	int n = 0;

	while (*s && n < 12) {
		if ((*s == '-' || *s == ':') && n % 2 == 0 && n > 0) {
			s++;
			continue;
		}
		if (!isxdigit((unsigned char)*s))
			return false;
		mac[n / 2] = (UCHAR)(mac[n / 2] << 4 |
				     (isdigit((unsigned char)*s) ? *s - '0'
								 : tolower((unsigned char)*s) - 'a' + 10));
		n++;
		s++;
	}
	return n == 12 && *s == '\0';
}

/* Documented: the "NetworkAddress" keyword as bytes, valid until the
 * handle is closed; NDIS_STATUS_FAILURE when absent or not an address. */
VOID NdisReadNetworkAddress(PNDIS_STATUS Status, PVOID *NetworkAddress,
			    PUINT NetworkAddressLength, NDIS_HANDLE ConfigurationHandle)
{
	static const WCHAR name[] = L"NetworkAddress";
	const void *site = NDIS_CALLER();
	UNICODE_STRING key = { sizeof(name) - sizeof(WCHAR), sizeof(name), (PWCH)name };
	struct config_ctx *c;
	struct config_value *v;
	const char *text;
	UCHAR mac[6] = { 0 };

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
	c = config_lookup(ConfigurationHandle, "NdisReadNetworkAddress", site);
	if (!c || !NetworkAddress || !NetworkAddressLength) {
		*Status = NDIS_STATUS_INVALID_PARAMETER;
		return;
	}
	text = find_value(c->params, &key);
	if (!text || !parse_mac(text, mac))
		return;
	v = kernel_zalloc(c->k, sizeof(*v) + sizeof(mac), "ndis.config.value");
	if (!v) {
		*Status = NDIS_STATUS_RESOURCES;
		return;
	}
	memcpy(v->data, mac, sizeof(mac));
	v->next = c->values;
	c->values = v;
	*NetworkAddress = v->data;
	*NetworkAddressLength = sizeof(mac);
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
