/* run_traffic.c — the traffic part of `ndisdma run`: frames
 * through the running adapter with the harness of ndisdma_traffic_run,
 * a live progress line (\r-updated on a TTY, plain lines otherwise), the
 * summary, and the summary as one JSON object (--json).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define DEFAULT_FRAMES 100000u
#define STANDARD_MAX 1514u
#define JUMBO_MAX 9014u

const char *traffic_options_finish(struct run_options *o)
{
	const struct builtin_driver *b = NULL;

	if (o->sample != NULL && (b = builtin_find(o->sample)) == NULL)
		return "--sample expects virtio_net or lifecycle";
	if (o->sample != NULL && o->driver != NULL)
		return "--sample and --driver exclude each other";
	if (b != NULL && !b->device && o->frames_given && o->frames > 0)
		return "--frames: the lifecycle sample has no device and sends no frames";
	if (o->no_device && o->driver == NULL && (b == NULL || b->device))
		return "--device none: the virtio_net sample needs its device "
		       "(give --driver PATH.so or --sample lifecycle)";
	if (o->no_device && o->backend != NULL)
		return "--backend: with --device none there is no device to attach it to";
	if (!o->frames_given)
		o->frames = o->hub ? DEFAULT_FRAMES :
			    (b != NULL && !b->device) || o->no_device || o->respond_ip ?
			    0 : DEFAULT_FRAMES;
	if (!o->sizes_given) {
		o->min_size = 60;
		o->max_size = o->jumbo ? JUMBO_MAX : STANDARD_MAX;
	}
	if (o->max_size > (o->jumbo ? JUMBO_MAX : STANDARD_MAX))
		return o->jumbo ? "--sizes: at most 9014 bytes with --jumbo"
				: "--sizes: at most 1514 bytes (9014 with --jumbo)";
	if (o->duration > 0 && o->respond_ip == NULL)
		return "--duration goes with --respond";
	if (o->hub && o->adapters < 2)
		return "--traffic hub: needs --adapters 2 or more";
	if (o->hub && (o->respond_ip != NULL || o->reset_every || o->backend != NULL))
		return "--traffic hub: --respond, --reset-every and --backend go with "
		       "loopback traffic";
	if (o->hub && (o->pause_every || o->halt_in_flight))
		return "--traffic hub: --pause-every and --halt-in-flight go with loopback "
		       "traffic";
	if (o->halt_in_flight && o->frames == 0)
		return "--halt-in-flight: needs test frames (--frames N)";
	/* a TAP interface is real I/O, read by a host thread no schedule
	 * orders (docs/scheduling.md): it runs under threads */
	if (o->backend != NULL && strncmp(o->backend, "tap:", 4) == 0) {
		if (o->sched_given && o->sched != NDISDMA_SCHED_THREADS)
			return "--sched: --backend tap runs under --sched threads only";
		o->sched = NDISDMA_SCHED_THREADS;
	}
	return NULL;
}

bool traffic_wants_device(const struct run_options *o)
{
	const struct builtin_driver *b = o->sample ? builtin_find(o->sample) : NULL;

	if (o->no_device)
		return false;
	return o->driver != NULL || b == NULL || b->device;
}

/* ---- stop on SIGINT / SIGTERM (responder runs until told) ------------------ */

static volatile int stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void catch_signals(bool on)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on ? on_signal : SIG_DFL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* ---- progress ------------------------------------------------------------------ */

struct progress_ctx {
	FILE *out;
	bool tty;
	uint64_t frames;
};

static void on_progress(void *ctx, const struct ndisdma_traffic_result *r)
{
	struct progress_ctx *p = ctx;
	double fps = r->seconds > 0 ? (double)r->frames_sent / r->seconds : 0;

	fprintf(p->out, "%sprogress: %" PRIu64 "/%" PRIu64 " frames sent, %" PRIu64
		" received, %" PRIu64 " in flight, %" PRIu64 " mismatches, %.0f frames/s%s",
		p->tty ? "\r" : "", r->frames_sent, p->frames, r->frames_received,
		r->in_flight, r->mismatches, fps, p->tty ? "   " : "\n");
	fflush(p->out);
}

int traffic_run(const struct run_options *o, struct ndisdma_adapter *a, FILE *out,
		struct ndisdma_traffic_result *res)
{
	struct ndisdma_traffic_config c;
	struct progress_ctx p = { out, isatty(fileno(out)) != 0, o->frames };
	char err[256] = "";
	int rc;

	memset(&c, 0, sizeof c);
	c.frames = o->frames;
	c.min_size = o->min_size;
	c.max_size = o->max_size;
	c.window = o->window;
	c.max_mdls = o->max_mdls;
	c.seed = o->seed;
	c.expect_echo = o->backend == NULL || strcmp(o->backend, "loopback") == 0;
	c.respond_ip = o->respond_ip;
	c.duration_s = o->duration;
	c.reset_every = o->reset_every;
	c.pause_every = o->pause_every;
	c.halt_in_flight = o->halt_in_flight;
	c.stop = o->respond_ip ? &stop_requested : NULL;
	if (!o->quiet) {
		c.progress_ms = p.tty ? 200 : 1000;
		c.progress = on_progress;
		c.progress_ctx = &p;
	}
	stop_requested = 0;
	catch_signals(o->respond_ip != NULL);
	rc = ndisdma_traffic_run(a, &c, res, err, sizeof err);
	catch_signals(false);
	if (p.tty && !o->quiet)
		fputc('\n', out);
	if (rc != 0) {
		fflush(out);
		fprintf(stderr, "ndisdma run: %s\n", err);
		/* a reset the driver cannot do or that failed is the driver's */
		return rc == -ENOTSUP || ndisdma_adapter_failed(a) ? CLI_EXIT_DRIVER
								   : CLI_EXIT_INTERNAL;
	}
	return traffic_failed(o, res) ? CLI_EXIT_TRAFFIC : CLI_EXIT_OK;
}

bool traffic_failed(const struct run_options *o, const struct ndisdma_traffic_result *r)
{
	(void)o;
	return r->mismatches || r->lost_frames > r->lost_injected || r->lost_completions ||
	       r->double_completions || r->duplicates || r->vlan_mismatches ||
	       r->send_failed > r->send_failed_injected;
}

/* ---- summary --------------------------------------------------------------------- */

static double per(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

void traffic_print_summary(FILE *out, const struct run_options *o,
			   const struct ndisdma_traffic_result *r)
{
	const struct ndisdma_dma_traffic *d = &r->dma;

	fprintf(out, "traffic: backend %s, %" PRIu64 " test frames of %" PRIu32 "-%" PRIu32
		" bytes%s%s\n", o->backend ? o->backend : "loopback", o->frames,
		o->min_size, o->max_size, o->respond_ip ? ", answering for " : "",
		o->respond_ip ? o->respond_ip : "");
	fprintf(out, "frames: %" PRIu64 " sent, %" PRIu64 " completed (%" PRIu64
		" failed), %" PRIu64 " received and checked, %" PRIu64 " lost, %" PRIu64
		" duplicates, %" PRIu64 " other\n", r->frames_sent, r->send_completed,
		r->send_failed, r->frames_received, r->lost_frames, r->duplicates,
		r->other_frames);
	if (r->send_failed_injected)
		fprintf(out, "sends failed by injected faults: %" PRIu64 " of the %" PRIu64
			" failed (not a traffic failure%s)\n", r->send_failed_injected,
			r->send_failed, r->lost_frames ? "" : "; nothing lost");
	if (r->lost_injected)
		fprintf(out, "frames dropped by injected faults: %" PRIu64 " of the %" PRIu64
			" lost (not a traffic failure)\n", r->lost_injected, r->lost_frames);
	fprintf(out, "bytes: %" PRIu64 " sent, %" PRIu64 " received\n",
		r->bytes_sent, r->bytes_received);
	fprintf(out, "payload mismatches: %" PRIu64 "\n", r->mismatches);
	fprintf(out, "completions: %" PRIu64 " lost, %" PRIu64 " twice\n",
		r->lost_completions, r->double_completions);
	fprintf(out, "elements: %" PRIu64 " in %" PRIu64 " SG lists, %.2f per frame"
		" (%.2f page pieces per frame, %" PRIu64 " merged)\n", d->elements, d->lists,
		per(d->elements, d->lists), per(r->pieces, r->frames_sent),
		r->pieces > d->elements ? r->pieces - d->elements : 0);
	fprintf(out, "bounced: %" PRIu64 " bytes in %" PRIu64 " lists\n",
		d->bounced_bytes, d->bounced_lists);
	fprintf(out, "deferred callbacks: %" PRIu64 " (%" PRIu64 " waited for map registers)\n",
		d->deferred, d->waited);
	if (o->respond_ip)
		fprintf(out, "responder: %" PRIu64 " ARP replies, %" PRIu64 " ICMP echo replies\n",
			r->arp_replies, r->icmp_replies);
	fprintf(out, "802.1Q NBL info: %" PRIu64 " frames sent tagged, %" PRIu64
		" came back tagged, %" PRIu64 " with the wrong tag\n", r->vlan_sent,
		r->vlan_received, r->vlan_mismatches);
	if (o->reset_every)
		fprintf(out, "resets: %" PRIu64 " (every %" PRIu64 " frames), %" PRIu64 " failed\n",
			r->resets, o->reset_every, r->resets_failed);
	if (o->pause_every || o->halt_in_flight)
		fprintf(out, "pauses: %" PRIu64 " with frames in flight, %" PRIu64
			" test frames dropped at a pause (not lost)\n", r->pauses,
			r->dropped_at_pause);
	fprintf(out, "time: %.3f s, %.0f frames/s, %.1f Mbit/s\n", r->seconds,
		(double)r->frames_sent / (r->seconds > 0 ? r->seconds : 1),
		(double)r->bytes_sent * 8 / 1e6 / (r->seconds > 0 ? r->seconds : 1));
}

void traffic_print_json(FILE *out, const struct run_options *o,
			const struct ndisdma_traffic_result *r,
			const struct ndisdma_pools *pools, uint64_t reports,
			uint64_t errors, int rc, const struct run_extras *x,
			const struct adapter_report *ar, unsigned nar,
			const struct ndisdma_hub_result *hub)
{
	const struct ndisdma_dma_traffic *d = &r->dma;
	double secs = r->seconds > 0 ? r->seconds : 1;

	fprintf(out, "{\"seed\": %" PRIu64 ", \"backend\": \"%s\", \"dma_bits\": %u, "
		"\"frames\": %" PRIu64 ", \"bytes\": %" PRIu64 ", ",
		o->seed, o->backend ? o->backend : "loopback", o->dma_bits ? o->dma_bits : 64,
		r->frames_sent, r->bytes_sent);
	fprintf(out, "\"frames_sent\": %" PRIu64 ", \"frames_completed\": %" PRIu64
		", \"send_failed\": %" PRIu64 ", \"send_failed_injected\": %" PRIu64
		", \"lost_injected\": %" PRIu64 ", \"frames_received\": %" PRIu64
		", \"frames_indicated\": %" PRIu64 ", \"bytes_received\": %" PRIu64 ", ",
		r->frames_sent, r->send_completed, r->send_failed, r->send_failed_injected,
		r->lost_injected, r->frames_received,
		r->frames_indicated, r->bytes_received);
	fprintf(out, "\"mismatches\": %" PRIu64 ", \"lost_frames\": %" PRIu64
		", \"duplicates\": %" PRIu64 ", \"lost_completions\": %" PRIu64
		", \"double_completions\": %" PRIu64 ", \"other_frames\": %" PRIu64 ", ",
		r->mismatches, r->lost_frames, r->duplicates, r->lost_completions,
		r->double_completions, r->other_frames);
	fprintf(out, "\"sg_lists\": %" PRIu64 ", \"elements\": %" PRIu64
		", \"elements_per_frame\": %.3f, \"pieces\": %" PRIu64
		", \"merged_pieces\": %" PRIu64 ", \"bounced_bytes\": %" PRIu64
		", \"bounced_lists\": %" PRIu64 ", \"deferred_callbacks\": %" PRIu64
		", \"waited_for_map_registers\": %" PRIu64 ", ",
		d->lists, d->elements, per(d->elements, d->lists), r->pieces,
		r->pieces > d->elements ? r->pieces - d->elements : 0, d->bounced_bytes,
		d->bounced_lists, d->deferred, d->waited);
	fprintf(out, "\"vlan_sent\": %" PRIu64 ", \"vlan_received\": %" PRIu64
		", \"vlan_mismatches\": %" PRIu64 ", \"reset_every\": %" PRIu64
		", \"pause_every\": %" PRIu64 ", \"pauses\": %" PRIu64
		", \"dropped_at_pause\": %" PRIu64 ", ",
		r->vlan_sent, r->vlan_received, r->vlan_mismatches, o->reset_every,
		o->pause_every, r->pauses, r->dropped_at_pause);
	run_extras_json(out, x);
	adapters_json(out, ar, nar, hub);
	fprintf(out, "\"arp_replies\": %" PRIu64 ", \"icmp_replies\": %" PRIu64
		", \"verifier_reports\": %" PRIu64 ", \"verifier_errors\": %" PRIu64
		", \"faults_injected\": %" PRIu64 ", \"fault_points\": %" PRIu64
		", \"sched\": \"%s\", \"trace_hash\": \"0x%016" PRIx64 "\""
		", \"seconds\": %.3f, \"frames_per_s\": %.0f, \"exit\": %d}\n",
		r->arp_replies, r->icmp_replies, reports, errors, pools->faults_injected,
		pools->fault_points_seen, x->sched ? x->sched : sched_name(o->sched),
		x->trace_hash, r->seconds, (double)r->frames_sent / secs, rc);
}
