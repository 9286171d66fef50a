/* driver_loader.c — loading a miniport: dlopen, DriverEntry,
 * NdisMRegisterMiniportDriver; and MiniportDriverUnload (spec §13).
 * Every failure is one clear line: missing file, not a shared object,
 * no DriverEntry, DriverEntry's failure status, or a registration that
 * never happened; names the driver imports that ndisdma does not provide
 * are listed all at once, one line each (driver_imports.c).
 */
#include "runtime/runtime.h"
#include "runtime/driver_imports.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REGISTRY_PREFIX "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"

static void set_registry_path(struct ndisdma_driver *d)
{
	size_t max = sizeof(d->registry_buffer) / sizeof(WCHAR) - 1, n = 0;
	const char *parts[2] = { REGISTRY_PREFIX, d->name };

	for (int i = 0; i < 2; i++)
		for (const char *p = parts[i]; *p && n < max; p++)
			d->registry_buffer[n++] = (WCHAR)(unsigned char)*p;
	d->registry_buffer[n] = 0;
	d->registry_path.Buffer = d->registry_buffer;
	d->registry_path.Length = (USHORT)(n * sizeof(WCHAR));
	d->registry_path.MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
}

static struct ndisdma_driver *driver_new(struct ndisdma_machine *m, const char *name)
{
	struct ndisdma_driver *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->m = m;
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->nd.k = m->k;
	d->nd.object_magic = NDIS_DRIVER_OBJECT_MAGIC;
	kres_list_init(&d->nd.resources, m->k);
	d->nd.handle = kernel_handle_new(m->k, HANDLE_DRIVER, &d->nd);
	if (!d->nd.handle) {
		kres_list_destroy(&d->nd.resources);
		free(d);
		return NULL;
	}
	set_registry_path(d);
	return d;
}

/* The driver's Parameters key: "driver:" + its name (config_store.h). */
static int open_driver_key(struct ndisdma_driver *d)
{
	char identity[128];
	const char *bad;

	snprintf(identity, sizeof(identity), "driver:%s", d->name);
	return config_registry_open(d->m->registry, identity, NULL, &d->nd.config, &bad);
}

static void driver_free(struct ndisdma_driver *d, const char *when)
{
	struct kernel *k = d->m->k;
	struct rt_call c;
	bool stopped;

	rt_enter(k, &c);
	/* its system threads, timers and DPCs (THREAD-LEAK, TIMER-LEAK); a
	 * thread that cannot be stopped keeps the module mapped */
	stopped = kernel_driver_unload(k, d->image);
	kernel_flush(k);
	rt_reclaim_leaks(k, &d->nd.resources, when);
	rt_driver_leaks(d, when);   /* pool, MDLs, lookaside lists */
	rt_leave(&c, "driver cleanup");
	kernel_handle_retire(k, d->nd.handle);
	kres_list_destroy(&d->nd.resources);
	d->nd.object_magic = 0;
	if (d->dl && stopped)
		dlclose(d->dl);
	free(d);
}

/* Runs DriverEntry; 0 when the miniport registered. */
static int run_driver_entry(struct ndisdma_driver *d, ndisdma_driver_entry entry,
			    char *err, size_t errlen)
{
	struct rt_call c;
	int32_t st;

	kernel_trace(d->m->k, "DriverEntry %s", d->name);
	rt_enter(d->m->k, &c);
	st = entry(d->nd.driver_object, &d->registry_path);
	rt_leave(&c, "DriverEntry");
	if (st < 0) {
		rt_error(err, errlen, "%s: DriverEntry failed with status 0x%08X",
			 d->name, (unsigned)st);
		return -EIO;
	}
	if (d->nd.registered)
		return 0;
	if (d->nd.register_called)
		rt_error(err, errlen,
			 "%s: DriverEntry returned 0x%08X but NdisMRegisterMiniportDriver failed with 0x%08X",
			 d->name, (unsigned)st, (unsigned)d->nd.register_status);
	else
		rt_error(err, errlen,
			 "%s: DriverEntry returned 0x%08X without calling NdisMRegisterMiniportDriver",
			 d->name, (unsigned)st);
	return -EIO;
}

/* The base of the module the driver's code lies in (kernel_driver_unload). */
static const void *module_of(ndisdma_driver_entry entry)
{
	Dl_info info;
	void *code;

	memcpy(&code, &entry, sizeof(code));
	return dladdr(code, &info) ? info.dli_fbase : NULL;
}

static int load(struct ndisdma_machine *m, const char *name, void *dl,
		ndisdma_driver_entry entry, struct ndisdma_driver **out,
		char *err, size_t errlen)
{
	struct ndisdma_driver *d = driver_new(m, name);
	int rc;

	if (!d) {
		rt_error(err, errlen, "%s: out of memory", name);
		if (dl)
			dlclose(dl);
		return -ENOMEM;
	}
	d->dl = dl;
	if (open_driver_key(d)) {
		rt_error(err, errlen, "%s: out of memory", name);
		driver_free(d, "failed load");
		return -ENOMEM;
	}
	d->image = module_of(entry);
	rc = run_driver_entry(d, entry, err, errlen);
	if (rc) {
		driver_free(d, "failed DriverEntry");
		return rc;
	}
	rt_machine_add_driver(m, d);
	*out = d;
	return 0;
}

int ndisdma_driver_load_builtin(struct ndisdma_machine *m, const char *name,
				ndisdma_driver_entry entry,
				struct ndisdma_driver **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!entry) {
		rt_error(err, errlen, "%s: no DriverEntry", name ? name : "?");
		return -EINVAL;
	}
	return load(m, name ? name : "builtin", NULL, entry, out, err, errlen);
}

/* dlerror() text turned into the reason a user can act on. */
static void explain_dlerror(const char *path, const char *msg, char *err, size_t errlen)
{
	const char *sym = strstr(msg, "undefined symbol: ");

	if (sym)
		rt_error(err, errlen,
			 "%s: calls %s, which ndisdma does not provide (unresolved symbol)",
			 path, sym + strlen("undefined symbol: "));
	else if (strstr(msg, "wrong ELF class") || strstr(msg, "ELF file's machine"))
		rt_error(err, errlen, "%s: not an x86-64 shared object (%s)", path, msg);
	else if (strstr(msg, "invalid ELF header") || strstr(msg, "file too short") ||
		 strstr(msg, "ET_DYN"))
		rt_error(err, errlen, "%s: not a shared object (%s)", path, msg);
	else
		rt_error(err, errlen, "%s: cannot load: %s", path, msg);
}

static void *open_shared_object(const char *path, char *err, size_t errlen)
{
	char buf[4096];
	struct stat st;
	void *dl;

	if (stat(path, &st)) {
		rt_error(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		rt_error(err, errlen, "%s: not a regular file", path);
		return NULL;
	}
	/* a bare name would be searched for in the library path */
	snprintf(buf, sizeof(buf), "%s%s", strchr(path, '/') ? "" : "./", path);
	/* every missing name at once, before dlopen stops at the first */
	if (rt_driver_imports_check(path, err, errlen) != 0)
		return NULL;
	dlerror();
	dl = dlopen(buf, RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		const char *msg = dlerror();

		explain_dlerror(path, msg ? msg : "unknown error", err, errlen);
	}
	return dl;
}

int ndisdma_driver_load(struct ndisdma_machine *m, const char *path,
			struct ndisdma_driver **out, char *err, size_t errlen)
{
	ndisdma_driver_entry entry;
	const char *base;
	void *dl, *sym;

	*out = NULL;
	if (!path) {
		rt_error(err, errlen, "no driver path");
		return -EINVAL;
	}
	dl = open_shared_object(path, err, errlen);
	if (!dl)
		return -ENOEXEC;
	sym = dlsym(dl, "DriverEntry");
	if (!sym) {
		rt_error(err, errlen, "%s: exports no DriverEntry", path);
		dlclose(dl);
		return -ENOEXEC;
	}
	memcpy(&entry, &sym, sizeof(entry));
	base = strrchr(path, '/');
	return load(m, base ? base + 1 : path, dl, entry, out, err, errlen);
}

void ndisdma_driver_unload(struct ndisdma_driver *d)
{
	struct ndisdma_machine *m;
	struct rt_call c;

	if (!d)
		return;
	m = d->m;
	/* its adapters are halted first (spec §13 order) */
	for (;;) {
		struct ndisdma_adapter *a;

		pthread_mutex_lock(&m->lock);
		for (a = m->adapters; a && a->d != d; a = a->next)
			;
		pthread_mutex_unlock(&m->lock);
		if (!a)
			break;
		ndisdma_adapter_halt(a);
	}
	rt_machine_remove_driver(m, d);
	kernel_trace(m->k, "MiniportDriverUnload %s", d->name);
	if (d->nd.chars.UnloadHandler) {
		rt_enter(m->k, &c);
		d->nd.chars.UnloadHandler((PDRIVER_OBJECT)(void *)d->nd.driver_object);
		rt_leave(&c, "MiniportDriverUnload");
	}
	driver_free(d, "driver unload");
}
