/* run_adapters.c — what each adapter of `ndisdma run --adapters N` did:
 * one summary line and one JSON object each (docs/run.md "Several
 * adapters"), from ndisdma_adapter_stats read before its halt, with its
 * counts of the hub traffic when there was some.
 */
#include <inttypes.h>

#include "cli.h"

static void print_mac_text(FILE *out, const struct ndisdma_adapter_stats *s)
{
	if (!s->mac_valid) {
		fputs("none", out);
		return;
	}
	fprintf(out, "%02x:%02x:%02x:%02x:%02x:%02x", s->mac[0], s->mac[1], s->mac[2],
		s->mac[3], s->mac[4], s->mac[5]);
}

void adapters_print(FILE *out, const struct adapter_report *ar, unsigned n,
		    const struct ndisdma_hub_result *hub)
{
	for (unsigned i = 0; i < n; i++) {
		const struct ndisdma_adapter_stats *s = &ar[i].stats;

		if (!ar[i].initialized)
			continue;
		fprintf(out, "adapter %s: MAC ", ar[i].name);
		print_mac_text(out, s);
		fprintf(out, ", %" PRIu64 " NBLs sent, %" PRIu64 " completed, %" PRIu64
			" received, %" PRIu64 " returned\n", s->nbls_sent,
			s->nbls_send_completed, s->nbls_received, s->nbls_returned);
		if (hub != NULL && i < hub->adapters) {
			const struct ndisdma_hub_adapter_result *h = &hub->per[i];

			fprintf(out, "  hub: %" PRIu64 " sent, %" PRIu64 " of %" PRIu64
				" due received, %" PRIu64 " lost", h->sent, h->received,
				h->expected, h->lost);
			if (h->lost_injected)
				fprintf(out, " (%" PRIu64 " by injected faults)", h->lost_injected);
			fprintf(out, ", %" PRIu64 " duplicates, %" PRIu64 " misdelivered, %"
				PRIu64 " mismatches, %" PRIu64 " other\n", h->duplicates,
				h->misdelivered, h->mismatches, h->other);
		}
	}
}

static void hub_counts_json(FILE *out, const struct ndisdma_hub_adapter_result *h)
{
	fprintf(out, ", \"hub_sent\": %" PRIu64 ", \"hub_expected\": %" PRIu64
		", \"hub_received\": %" PRIu64 ", \"hub_lost\": %" PRIu64
		", \"hub_duplicates\": %" PRIu64 ", \"hub_misdelivered\": %" PRIu64
		", \"hub_mismatches\": %" PRIu64 ", \"hub_other\": %" PRIu64
		", \"hub_lost_injected\": %" PRIu64, h->sent, h->expected, h->received,
		h->lost, h->duplicates, h->misdelivered, h->mismatches, h->other,
		h->lost_injected);
}

void adapters_json(FILE *out, const struct adapter_report *ar, unsigned n,
		   const struct ndisdma_hub_result *hub)
{
	const char *sep = "";

	fputs("\"adapters\": [", out);
	for (unsigned i = 0; i < n; i++) {
		const struct ndisdma_adapter_stats *s = &ar[i].stats;

		if (!ar[i].initialized)
			continue;
		fprintf(out, "%s{\"name\": \"%s\", \"mac\": \"", sep, ar[i].name);
		print_mac_text(out, s);
		fprintf(out, "\", \"nbls_sent\": %" PRIu64 ", \"nbls_send_completed\": %" PRIu64
			", \"nbls_received\": %" PRIu64 ", \"nbls_returned\": %" PRIu64,
			s->nbls_sent, s->nbls_send_completed, s->nbls_received,
			s->nbls_returned);
		if (ar[i].device.present)
			fprintf(out, ", \"device_driver_ok\": %s",
				ar[i].device.driver_ok ? "true" : "false");
		if (hub != NULL && i < hub->adapters)
			hub_counts_json(out, &hub->per[i]);
		fputs("}", out);
		sep = ", ";
	}
	fputs("], ", out);
	if (hub == NULL)
		return;
	fprintf(out, "\"hub\": {\"adapters\": %u, \"frames_sent\": %" PRIu64
		", \"broadcasts\": %" PRIu64 ", \"send_failed\": %" PRIu64
		", \"send_failed_injected\": %" PRIu64 ", \"expected\": %" PRIu64
		", \"received\": %" PRIu64 ", \"lost\": %" PRIu64 ", \"duplicates\": %" PRIu64
		", \"misdelivered\": %" PRIu64 ", \"mismatches\": %" PRIu64
		", \"lost_injected\": %" PRIu64 "}, ",
		hub->adapters, hub->frames_sent, hub->broadcasts, hub->send_failed,
		hub->send_failed_injected, hub->expected, hub->received, hub->lost,
		hub->duplicates, hub->misdelivered, hub->mismatches, hub->lost_injected);
}
