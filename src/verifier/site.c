/* site.c — naming the miniport's call site of a report (spec §10).
 *
 * vf_describe_site: "module!symbol+0xN" from dladdr (cheap, every stored
 * report), or from the module file's .symtab when the function is not a
 * dynamic symbol (a driver's static function, a built-in sample in the
 * ndisdma binary, which exports nothing: site_symtab.c).  vf_site_source: file:line from `addr2line`, run at most once per
 * distinct address and only when a report is printed or SARIF is written,
 * never on a hot path; results (including failures) are cached per verifier.
 * Without addr2line or debug info the source is simply unknown.
 * vf_site_function: the name of the function containing an address, static
 * ones included (site_symtab.c), for the __FUNCTION__ marker (fmt.h).
 */
#include "verifier/verifier_internal.h"

#include <dlfcn.h>
#include <link.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* A return address points after the call; step back into the call
 * instruction so the lookup names the caller's line. */
static uintptr_t lookup_address(const void *call_site)
{
	return (uintptr_t)call_site - 1;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash != NULL ? slash + 1 : path;
}

static bool module_path(const Dl_info *info, char *path, size_t len);
static uintptr_t module_offset(const Dl_info *info, uintptr_t at);

/* The .symtab name of the function holding `at`, with the offset of addr
 * in it. */
static bool symtab_name(const Dl_info *info, uintptr_t at, const void *addr,
			char *name, size_t len, uintptr_t *offset)
{
	char path[PATH_MAX];
	uintptr_t start = 0;

	if (!module_path(info, path, sizeof(path)) ||
	    !vf_symtab_function(path, (uintptr_t)info->dli_fbase, at, name, len, &start))
		return false;
	*offset = (uintptr_t)addr - start;
	return true;
}

/* The text of vf_describe_site from dladdr's answer for `at`. */
static void describe(const Dl_info *info, uintptr_t at, const void *addr, char *buf,
		     size_t len)
{
	char name[128];
	uintptr_t offset = 0;
	const char *module = info->dli_fname[0] != '\0' ? base_name(info->dli_fname) : "?";

	if (info->dli_sname != NULL)
		snprintf(buf, len, "%s!%s+0x%llx", module, info->dli_sname,
			 (unsigned long long)((uintptr_t)addr - (uintptr_t)info->dli_saddr));
	else if (symtab_name(info, at, addr, name, sizeof(name), &offset))
		snprintf(buf, len, "%s!%s+0x%llx", module, name, (unsigned long long)offset);
	else
		snprintf(buf, len, "%s+0x%llx", module,
			 (unsigned long long)((uintptr_t)addr - (uintptr_t)info->dli_fbase));
}

void vf_describe_site(const void *addr, char *buf, size_t len)
{
	if (buf == NULL || len == 0)
		return;
	buf[0] = '\0';
	if (addr == NULL)
		return;
	Dl_info info;
	uintptr_t at = lookup_address(addr);
	if (dladdr((const void *)at, &info) == 0 || info.dli_fname == NULL) {
		snprintf(buf, len, "0x%llx", (unsigned long long)(uintptr_t)addr);
		return;
	}
	describe(&info, at, addr, buf, len);
}

struct vf_site_cache *vf_site_cache_create(void)
{
	struct vf_site_cache *cache = calloc(1, sizeof(*cache));
	if (cache == NULL)
		return NULL;
	if (pthread_mutex_init(&cache->lock, NULL) != 0) {
		free(cache);
		return NULL;
	}
	return cache;
}

void vf_site_cache_destroy(struct vf_site_cache *cache)
{
	if (cache == NULL)
		return;
	pthread_mutex_destroy(&cache->lock);
	free(cache);
}

void vf_site_cache_clear(struct vf_site_cache *cache)
{
	pthread_mutex_lock(&cache->lock);
	cache->used = 0;
	pthread_mutex_unlock(&cache->lock);
}

/* addr2line wants a file-relative address for shared objects and PIE
 * executables (ET_DYN), the absolute one for a fixed-address executable. */
static uintptr_t module_offset(const Dl_info *info, uintptr_t at)
{
	const Elf64_Ehdr *ehdr = info->dli_fbase;
	if (ehdr != NULL && memcmp(ehdr->e_ident, ELFMAG, SELFMAG) == 0 &&
	    ehdr->e_type == ET_EXEC)
		return at;
	return at - (uintptr_t)info->dli_fbase;
}

/* Module path addr2line can open: dladdr gives "" for the main program,
 * and the dlopen path as given, perhaps relative, for a miniport .so. */
static bool copy_path(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (n >= len)
		return false;
	memcpy(dst, src, n + 1);
	return true;
}

/* module_path's answers for relative names: realpath costs a getcwd and
 * a readlink per path component, and a site is noted afresh after every
 * vf_clear (each input of a fuzz target).  Keyed by the module's load
 * base and the name dladdr gives it; a module keeps its file while it is
 * loaded. */
#define MODULE_PATHS 16
static struct {
	uintptr_t base;
	char *name, *path;
} module_paths[MODULE_PATHS];
static unsigned module_paths_next;
static pthread_mutex_t module_paths_lock = PTHREAD_MUTEX_INITIALIZER;

static bool module_path_cached(const Dl_info *info, char *path, size_t len)
{
	bool found = false;

	pthread_mutex_lock(&module_paths_lock);
	for (unsigned i = 0; i < MODULE_PATHS && !found; i++)
		if (module_paths[i].name != NULL &&
		    module_paths[i].base == (uintptr_t)info->dli_fbase &&
		    strcmp(module_paths[i].name, info->dli_fname) == 0)
			found = copy_path(path, len, module_paths[i].path);
	pthread_mutex_unlock(&module_paths_lock);
	return found;
}

static void module_path_keep(const Dl_info *info, const char *path)
{
	char *name = strdup(info->dli_fname), *copy = strdup(path);

	if (name == NULL || copy == NULL) {
		free(name);
		free(copy);
		return;   /* only the next lookup pays again */
	}
	pthread_mutex_lock(&module_paths_lock);
	unsigned i = module_paths_next++ % MODULE_PATHS;
	free(module_paths[i].name);
	free(module_paths[i].path);
	module_paths[i].base = (uintptr_t)info->dli_fbase;
	module_paths[i].name = name;
	module_paths[i].path = copy;
	pthread_mutex_unlock(&module_paths_lock);
}

static bool module_path(const Dl_info *info, char *path, size_t len)
{
	char full[PATH_MAX];

	if (info->dli_fname != NULL && info->dli_fname[0] == '/')
		return copy_path(path, len, info->dli_fname);
	if (info->dli_fname != NULL && info->dli_fname[0] != '\0') {
		if (module_path_cached(info, path, len))
			return true;
		if (realpath(info->dli_fname, full) != NULL) {
			module_path_keep(info, full);
			return copy_path(path, len, full);
		}
	}
	ssize_t n = readlink("/proc/self/exe", path, len - 1);
	if (n <= 0)
		return false;
	path[n] = '\0';
	return true;
}

typedef char *(*demangle_fn)(const char *mangled, char *out, size_t *len, int *status);

/* A symbol as the source names it: compiler clone suffixes cut
 * ("f.constprop.0", "f.cold" are f) and, when the process has a C++
 * runtime loaded (a C++ miniport), a mangled name demangled without its
 * parameter list ("CAdapter::Init"), as MSVC's __FUNCTION__ gives it. */
static void source_name(const char *symbol, char *buf, size_t len)
{
	size_t n = strcspn(symbol, ".");
	char plain[256];

	snprintf(plain, sizeof(plain), "%.*s", (int)n, symbol);
	if (strncmp(plain, "_Z", 2) == 0) {
		demangle_fn demangle = (demangle_fn)dlsym(RTLD_DEFAULT, "__cxa_demangle");
		int status = -1;
		char *text = demangle != NULL ? demangle(plain, NULL, NULL, &status) : NULL;

		if (text != NULL && status == 0) {
			char *paren = strchr(text, '(');
			if (paren != NULL)
				*paren = '\0';
			snprintf(buf, len, "%s", text);
			free(text);
			return;
		}
		free(text);
	}
	snprintf(buf, len, "%s", plain);
}

/* The function containing a return address's call: the module's .symtab
 * first (static functions), then dladdr's dynamic symbol if its size says
 * the address is inside it.  False when neither knows (a stripped module
 * and an address outside every exported function). */
bool vf_site_function(const void *call_site, char *buf, size_t len)
{
	Dl_info info;
	const ElfW(Sym) *sym = NULL;
	char path[VF_SOURCE_MAX], symbol[256];
	uintptr_t at;

	if (call_site == NULL || buf == NULL || len == 0)
		return false;
	at = lookup_address(call_site);
	if (dladdr1((const void *)at, &info, (void **)&sym, RTLD_DL_SYMENT) == 0)
		return false;
	if (module_path(&info, path, sizeof(path)) &&
	    vf_symtab_function(path, (uintptr_t)info.dli_fbase, at, symbol, sizeof(symbol), NULL)) {
		source_name(symbol, buf, len);
		return true;
	}
	if (info.dli_sname == NULL || sym == NULL ||
	    at >= (uintptr_t)info.dli_saddr + sym->st_size)
		return false;
	source_name(info.dli_sname, buf, len);
	return true;
}

/* "module!function" (no offset: the same for every build of the driver)
 * when the function is known, as vf_site_function names it; else what
 * vf_describe_site says. */
void vf_describe_function(const void *addr, char *buf, size_t len)
{
	char where[160], fn[128];
	char *cut;

	vf_describe_site(addr, where, sizeof(where));
	if (!vf_site_function(addr, fn, sizeof(fn))) {
		snprintf(buf, len, "%s", where[0] != '\0' ? where : "?");
		return;
	}
	cut = strchr(where, '!');
	if (cut == NULL)
		cut = strrchr(where, '+');
	if (cut != NULL)
		*cut = '\0';
	snprintf(buf, len, "%s!%s", where, fn);
}

/* Run `addr2line -e module -f -C 0xoff` without a shell; output to `out`. */
static bool run_addr2line(const char *module, uintptr_t offset, char *out, size_t len)
{
	int fds[2];
	if (pipe(fds) != 0)
		return false;
	char hex[32];
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)offset);
	char *argv[] = { "addr2line", "-e", (char *)module, "-f", "-C", hex, NULL };
	posix_spawn_file_actions_t actions;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addclose(&actions, fds[0]);
	posix_spawn_file_actions_addclose(&actions, fds[1]);
	pid_t pid;
	int rc = posix_spawnp(&pid, "addr2line", &actions, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	close(fds[1]);
	size_t got = 0;
	if (rc == 0) {
		ssize_t n;
		while (got + 1 < len && (n = read(fds[0], out + got, len - 1 - got)) > 0)
			got += (size_t)n;
	}
	out[got] = '\0';
	close(fds[0]);
	int status = 0;
	if (rc == 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			continue;
	return rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Second line of addr2line output: "path/file.c:123" or
 * "path/file.c:123 (discriminator 2)"; "??:0" / "??:?" mean unknown. */
static bool parse_source(const char *text, struct vf_source *src)
{
	const char *line = strchr(text, '\n');
	if (line == NULL)
		return false;
	size_t fn = (size_t)(line - text);
	if (fn > 0 && fn < sizeof(src->function) && strncmp(text, "??", 2) != 0) {
		memcpy(src->function, text, fn);
		src->function[fn] = '\0';
	}
	line++;
	const char *end = strpbrk(line, " \n");
	size_t n = end != NULL ? (size_t)(end - line) : strlen(line);
	const char *colon = NULL;
	for (size_t i = 0; i < n; i++)
		if (line[i] == ':')
			colon = line + i;
	if (colon == NULL || colon == line || strncmp(line, "??", 2) == 0)
		return false;
	char *stop;
	unsigned long number = strtoul(colon + 1, &stop, 10);
	if (stop == colon + 1 || number == 0)
		return false;
	size_t flen = (size_t)(colon - line);
	if (flen >= sizeof(src->file))
		flen = sizeof(src->file) - 1;
	memcpy(src->file, line, flen);
	src->file[flen] = '\0';
	src->line = (unsigned)number;
	return true;
}

/* One dladdr (a linear search of the module's symbols, the costly part of
 * a report): the description, and the module file and offset addr2line
 * will need. */
static void note(struct vf_source *src)
{
	Dl_info info;
	uintptr_t at = lookup_address(src->addr);

	if (dladdr((const void *)at, &info) == 0 || info.dli_fname == NULL) {
		snprintf(src->described, sizeof(src->described), "0x%llx",
			 (unsigned long long)(uintptr_t)src->addr);
		src->has_module = false;
		return;
	}
	describe(&info, at, src->addr, src->described, sizeof(src->described));
	src->has_module = module_path(&info, src->module, sizeof(src->module));
	if (src->has_module)
		src->offset = module_offset(&info, at);
}

static void resolve(struct vf_source *src)
{
	char text[1024];

	src->tried = true;
	src->resolved = false;
	src->function[0] = '\0';
	if (src->has_module &&
	    run_addr2line(src->module, src->offset, text, sizeof(text)))
		src->resolved = parse_source(text, src);
}

static struct vf_source *cache_find(struct vf_site_cache *cache, const void *addr)
{
	for (size_t i = 0; i < cache->used; i++)
		if (cache->entries[i].addr == addr)
			return &cache->entries[i];
	return NULL;
}

bool vf_site_source(struct vf_site_cache *cache, const void *call_site,
		    bool may_resolve, struct vf_source *out)
{
	bool found = false;
	if (cache == NULL || call_site == NULL)
		return false;
	pthread_mutex_lock(&cache->lock);
	struct vf_source *src = cache_find(cache, call_site);
	if (src == NULL && may_resolve && cache->used < VF_SITE_CACHE_MAX) {
		src = &cache->entries[cache->used++];
		memset(src, 0, sizeof(*src));
		src->addr = call_site;
		note(src);
	}
	if (src != NULL && !src->tried && may_resolve)
		resolve(src);
	if (src != NULL && src->tried) {
		*out = *src;
		found = true;
	}
	pthread_mutex_unlock(&cache->lock);
	return found;
}

/* The cache's entry for addr (made and noted when `insert` and there is
 * room), its description copied into buf when buf is given; a site the
 * cache does not hold is described directly. */
static void site_lookup(struct vf_site_cache *cache, const void *addr, bool insert,
			char *buf, size_t len)
{
	struct vf_source *src = NULL;

	if (cache != NULL && addr != NULL) {
		pthread_mutex_lock(&cache->lock);
		src = cache_find(cache, addr);
		if (src == NULL && insert && cache->used < VF_SITE_CACHE_MAX) {
			src = &cache->entries[cache->used++];
			memset(src, 0, sizeof(*src));
			src->addr = addr;
			note(src);
		}
		if (src != NULL && buf != NULL && len > 0)
			snprintf(buf, len, "%s", src->described);
		pthread_mutex_unlock(&cache->lock);
	}
	if (src == NULL && buf != NULL)
		vf_describe_site(addr, buf, len);   /* not cached, or the cache is full */
}

void vf_site_note(struct vf_site_cache *cache, const void *call_site,
		  char *described, size_t len)
{
	site_lookup(cache, call_site, true, described, len);
}

void vf_site_described(struct vf_site_cache *cache, const void *addr,
		       char *buf, size_t len)
{
	site_lookup(cache, addr, false, buf, len);
}

void vf_site_display(const char *described, const struct vf_source *src,
		     char *buf, size_t len)
{
	const char *bang = strchr(described, '!');
	if (bang != NULL || src == NULL || src->function[0] == '\0') {
		snprintf(buf, len, "%s", described[0] != '\0' ? described : "?");
		return;
	}
	/* "module+0xN" without a dynamic symbol: name the function instead */
	const char *plus = strrchr(described, '+');
	int mlen = plus != NULL ? (int)(plus - described) : (int)strlen(described);
	snprintf(buf, len, "%.*s!%s", mlen, described, src->function);
}
