/* pci_config.c — see pci_config.h.  Register layout and access rules from
 * the PCI Local Bus Specification 3.0 §6 (configuration space) and the
 * PCI Bus Power Management Interface Specification 1.2 §3 (capability). */
#include "device/pci_config.h"

#include <errno.h>
#include <string.h>

/* Offsets in the type 0 header (wdk-surface-facts §6.4 table). */
enum {
	CFG_VENDOR = 0x00, CFG_DEVICE = 0x02, CFG_COMMAND = 0x04, CFG_STATUS = 0x06,
	CFG_REVISION = 0x08, CFG_PROG_IF = 0x09, CFG_SUB_CLASS = 0x0A,
	CFG_BASE_CLASS = 0x0B, CFG_CACHE_LINE = 0x0C, CFG_LATENCY = 0x0D,
	CFG_BAR0 = 0x10, CFG_SUB_VENDOR = 0x2C, CFG_SUBSYSTEM = 0x2E,
	CFG_CAP_PTR = 0x34, CFG_INT_LINE = 0x3C, CFG_INT_PIN = 0x3D,
};

#define STATUS_CAP_LIST   0x0010u
/* Status bits software clears by writing 1 (PCI 3.0 §6.2.3): master data
 * parity error, signaled/received target abort, received master abort,
 * signaled system error, detected parity error. */
#define STATUS_W1C        0xF900u
#define PM_CAP_ID         0x01u
#define PM_PMC_VERSION_3  0x0003u   /* no D1, D2 or PME support */
#define PM_PMCSR_STATE    0x03u     /* PowerState: 0 = D0, 3 = D3hot */
#define PM_PMCSR_NO_SOFT_RESET 0x08u

static void put16(struct pci_config *c, unsigned off, uint16_t v)
{
	c->bytes[off] = (uint8_t)v;
	c->bytes[off + 1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint16_t get16(const struct pci_config *c, unsigned off)
{
	return (uint16_t)(c->bytes[off] | c->bytes[off + 1] << 8);
}

/* Called with the lock held after every change of Command or PMCSR. */
static void update_gates(struct pci_config *c)
{
	uint16_t cmd = get16(c, CFG_COMMAND);
	bool d0 = !c->pm_offset || (c->bytes[c->pm_offset + 4] & PM_PMCSR_STATE) == 0;
	unsigned g = 0;

	if (d0 && (cmd & PCI_CMD_MEMORY))
		g |= PCI_GATE_DECODE;
	if (d0 && (cmd & PCI_CMD_BUS_MASTER))
		g |= PCI_GATE_MASTER;
	atomic_store_explicit(&c->gates, g, memory_order_release);
}

int pci_config_init(struct pci_config *c, const struct pci_ids *ids)
{
	int rc;

	memset(c->bytes, 0, sizeof(c->bytes));
	memset(c->wmask, 0, sizeof(c->wmask));
	memset(c->w1c, 0, sizeof(c->w1c));
	c->pm_offset = 0;
	rc = pthread_mutex_init(&c->lock, NULL);
	if (rc)
		return -rc;
	put16(c, CFG_VENDOR, ids->vendor);
	put16(c, CFG_DEVICE, ids->device);
	put16(c, CFG_COMMAND, PCI_CMD_MEMORY | PCI_CMD_BUS_MASTER);
	c->wmask[CFG_COMMAND] = (uint8_t)(PCI_CMD_MEMORY | PCI_CMD_BUS_MASTER | PCI_CMD_PARITY);
	c->wmask[CFG_COMMAND + 1] = (uint8_t)(PCI_CMD_SERR >> 8);
	c->w1c[CFG_STATUS + 1] = (uint8_t)(STATUS_W1C >> 8);
	c->bytes[CFG_REVISION] = ids->revision;
	c->bytes[CFG_PROG_IF] = ids->prog_if;
	c->bytes[CFG_SUB_CLASS] = ids->sub_class;
	c->bytes[CFG_BASE_CLASS] = ids->base_class;
	/* both are scratch registers the system programs (§6.2.4) */
	c->wmask[CFG_CACHE_LINE] = 0xFF;
	c->wmask[CFG_LATENCY] = 0xFF;
	put16(c, CFG_SUB_VENDOR, ids->subsystem_vendor);
	put16(c, CFG_SUBSYSTEM, ids->subsystem);
	update_gates(c);
	return 0;
}

void pci_config_destroy(struct pci_config *c)
{
	pthread_mutex_destroy(&c->lock);
}

void pci_config_set_memory_bar(struct pci_config *c, unsigned index, uint64_t base,
			       uint32_t size)
{
	unsigned off = CFG_BAR0 + 4 * index;
	bool wide = base >> 32 != 0;
	uint32_t low_mask;

	if (index >= 6 || (wide && index >= 5) || size < 16 || (size & (size - 1)))
		return;
	low_mask = ~(size - 1) & 0xFFFFFFF0u;   /* type bits and sub-size bits: RO */
	pthread_mutex_lock(&c->lock);
	put32(&c->bytes[off], (uint32_t)base | (wide ? 0x4u : 0u));
	put32(&c->wmask[off], low_mask);
	if (wide) {
		put32(&c->bytes[off + 4], (uint32_t)(base >> 32));
		put32(&c->wmask[off + 4], 0xFFFFFFFFu);
	}
	pthread_mutex_unlock(&c->lock);
}

void pci_config_set_interrupt(struct pci_config *c, uint8_t line, uint8_t pin)
{
	pthread_mutex_lock(&c->lock);
	c->bytes[CFG_INT_LINE] = line;
	c->wmask[CFG_INT_LINE] = 0xFF;
	c->bytes[CFG_INT_PIN] = pin;
	pthread_mutex_unlock(&c->lock);
}

void pci_config_add_pm(struct pci_config *c, uint8_t at)
{
	if (at < 0x40 || (at & 3) || at > PCI_CONFIG_SIZE - 8)
		return;
	pthread_mutex_lock(&c->lock);
	c->bytes[at] = PM_CAP_ID;
	c->bytes[at + 1] = c->bytes[CFG_CAP_PTR];   /* pushed at the list's head */
	put16(c, at + 2, PM_PMC_VERSION_3);
	c->bytes[at + 4] = PM_PMCSR_NO_SOFT_RESET;  /* D0; D3hot -> D0 keeps state */
	c->wmask[at + 4] = PM_PMCSR_STATE;
	c->bytes[CFG_CAP_PTR] = at;
	put16(c, CFG_STATUS, (uint16_t)(get16(c, CFG_STATUS) | STATUS_CAP_LIST));
	c->pm_offset = at;
	update_gates(c);
	pthread_mutex_unlock(&c->lock);
}

static uint32_t clip(uint32_t offset, uint32_t len)
{
	if (offset >= PCI_CONFIG_SIZE)
		return 0;
	return len < PCI_CONFIG_SIZE - offset ? len : PCI_CONFIG_SIZE - offset;
}

uint32_t pci_config_read(struct pci_config *c, uint32_t offset, void *buf, uint32_t len)
{
	uint32_t n = clip(offset, len);

	if (!n)
		return 0;
	pthread_mutex_lock(&c->lock);
	memcpy(buf, &c->bytes[offset], n);
	pthread_mutex_unlock(&c->lock);
	return n;
}

uint32_t pci_config_write(struct pci_config *c, uint32_t offset, const void *buf,
			  uint32_t len)
{
	const uint8_t *v = buf;
	uint32_t n = clip(offset, len);
	uint8_t pm_state = 0;

	if (!n)
		return 0;
	pthread_mutex_lock(&c->lock);
	if (c->pm_offset)
		pm_state = c->bytes[c->pm_offset + 4] & PM_PMCSR_STATE;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t at = offset + i;
		uint8_t b = (uint8_t)((c->bytes[at] & ~c->wmask[at]) | (v[i] & c->wmask[at]));

		c->bytes[at] = (uint8_t)(b & ~(v[i] & c->w1c[at]));
	}
	/* PM 1.2 §3.2.4: a write of an unsupported state (D1, D2) completes
	 * but changes nothing */
	if (c->pm_offset) {
		uint8_t *pmcsr = &c->bytes[c->pm_offset + 4];
		uint8_t now = *pmcsr & PM_PMCSR_STATE;

		if (now == 1 || now == 2)
			*pmcsr = (uint8_t)((*pmcsr & ~PM_PMCSR_STATE) | pm_state);
	}
	update_gates(c);
	pthread_mutex_unlock(&c->lock);
	return n;
}
