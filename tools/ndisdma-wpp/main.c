/* main.c — ndisdma-wpp: tracewpp's role for ndisdma (docs/wpp.md; wpp
 * facts §1.12).  Reads the configuration (-scan:, -func:, -ini:, -ctl:,
 * -D), checks every trace call of each source and writes the .tmh each
 * source includes, into -odir: (default: the current directory).  The
 * tracewpp options that only change what ndisdma has no use for (message
 * GUID names, templates, defaultwpp.ini's location, the -lookfor: string)
 * are accepted and ignored; any other option is an error.
 *
 * Exit status: 0 written; 1 a source or the configuration is wrong (each
 * error "file:line: error: ..."; no .tmh is written); 2 usage.
 */
#include "wpp.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct wpp_config config;

void wpp_error(struct wpp_config *c, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;

	if (line > 0)
		fprintf(stderr, "%s:%u: error: ", file, line);
	else
		fprintf(stderr, "%s: error: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	c->errors++;
}

char *wpp_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (cap - n < 4096) {
			char *t = realloc(text, cap = cap * 2 + 8192);
			if (t == NULL) {
				free(text);
				fclose(f);
				return NULL;
			}
			text = t;
		}
		got = fread(text + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	text[n] = '\0';
	*len = n;
	return text;
}

static int usage(const char *why, const char *arg)
{
	if (why != NULL)
		fprintf(stderr, "ndisdma-wpp: %s%s%s\n", why, arg != NULL ? ": " : "",
			arg != NULL ? arg : "");
	fputs("usage: ndisdma-wpp [-km] [-dll] [-scan:HEADER] [-func:'NAME(LEVEL,MSG,...)'] ...\n"
	      "                   [-ini:FILE] [-ctl:GUID] [-DNAME[=VALUE]] [-ext:.c.cpp] [-argbase:N]\n"
	      "                   [-preserveext:.c] [-odir:DIR] SOURCE...\n"
	      "Writes the .tmh each SOURCE includes (docs/wpp.md).\n", stderr);
	return 2;
}

/* -ini:FILE: configuration statements without begin_wpp markers. */
static bool read_ini(const char *path)
{
	size_t len;
	char *text = wpp_read_file(path, &len), *wrapped;

	if (text == NULL) {
		wpp_error(&config, path, 0, "cannot read the -ini file");
		return false;
	}
	wrapped = malloc(len + 40);
	if (wrapped == NULL) {
		free(text);
		return false;
	}
	/* the same reader as -scan: one block around the whole file */
	snprintf(wrapped, len + 40, "begin_wpp config\n%s\nend_wpp\n", text);
	free(text);
	char tmp[] = "/tmp/ndisdma-wpp-ini-XXXXXX";
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	bool ok = f != NULL && fputs(wrapped, f) >= 0 && fclose(f) == 0 && wpp_read_scan(&config, tmp);
	if (fd >= 0)
		remove(tmp);
	free(wrapped);
	return ok;
}

/* -ctl:GUID: a control GUID with the flags Error, Unusual, Noise (wpp facts §1.2). */
static void default_guid(void)
{
	struct wpp_guid *g = &config.guids[0];

	memset(g, 0, sizeof(*g));
	strcpy(g->name, "CtlGuid");
	strcpy(g->bits[0], "Error");
	strcpy(g->bits[1], "Unusual");
	strcpy(g->bits[2], "Noise");
	g->nbits = 3;
	config.nguids = 1;
	config.guids_found = true;
}

static bool has_ext(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	const char *exts = config.exts[0] ? config.exts : ".c.c++.cpp.cxx";
	size_t n;

	if (dot == NULL || (slash != NULL && dot < slash))
		return false;
	n = strlen(dot);
	for (const char *p = exts; (p = strchr(p, '.')) != NULL; p++) {
		size_t m = strcspn(p + 1, ".") + 1;
		if (m == n && strncasecmp(p, dot, n) == 0)
			return true;
	}
	return false;
}

/* The quoted includes of a source, beside it: where a driver's trace.h
 * defines WPP_CONTROL_GUIDS when no -scan: names it. */
static void guids_from_includes(const char *source)
{
	size_t len;
	char *text = wpp_read_file(source, &len), dir[4096], path[8192];
	const char *slash = strrchr(source, '/');

	if (text == NULL)
		return;
	snprintf(dir, sizeof(dir), "%.*s", slash != NULL ? (int)(slash - source + 1) : 0, source);
	for (char *p = text; !config.guids_found && (p = strstr(p, "#include")) != NULL; p++) {
		char *q = p + 8, *e;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '"' || (e = strchr(q + 1, '"')) == NULL)
			continue;
		snprintf(path, sizeof(path), "%s%.*s", dir, (int)(e - q - 1), q + 1);
		char *h = wpp_read_file(path, &len);
		if (h != NULL) {
			wpp_find_guids(&config, h, path);
			free(h);
		}
	}
	free(text);
}

static const char *ignored[] = { "-p:", "-gen", "-cfgdir:", "-defwpp:", "-lookfor:", "-I" };

static int option(const char *a)
{
	if (strcmp(a, "-km") == 0)
		config.kernel_mode = true;
	else if (strcmp(a, "-dll") == 0)
		config.dll = true;
	else if (strncmp(a, "-func:", 6) == 0)
		wpp_add_func(&config, a + 6, "-func", 0);
	else if (strncmp(a, "-scan:", 6) == 0)
		wpp_read_scan(&config, a + 6);
	else if (strncmp(a, "-ini:", 5) == 0)
		read_ini(a + 5);
	else if (strncmp(a, "-odir:", 6) == 0 && a[6] != '\0')
		config.odir = a + 6;
	else if (strncmp(a, "-ext:", 5) == 0 && a[5] == '.' && strlen(a + 5) < sizeof(config.exts))
		strcpy(config.exts, a + 5);
	else if (strncmp(a, "-preserveext:", 13) == 0)
		config.preserve_ext = true;
	else if (strncmp(a, "-argbase:", 9) == 0) {
		char *end;
		unsigned long base = strtoul(a + 9, &end, 10);
		if (a[9] == '\0' || *end != '\0' || base < 1 || base > 99)
			return usage("-argbase: takes a number from 1 to 99", a);
		config.argbase = (unsigned)base;
	} else if (strncmp(a, "-ctl:", 5) == 0 && a[5] != '\0')
		default_guid();
	else if (strncmp(a, "-D", 2) == 0 && a[2] != '\0' && config.ndefines < WPP_MAX_DEFINES &&
		 strlen(a) < 500) {
		char *d = config.defines[config.ndefines++], *eq;
		strcpy(d, a + 2);
		if ((eq = strchr(d, '=')) != NULL)
			*eq = ' ';
	} else {
		for (size_t i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
			if (strncmp(a, ignored[i], strlen(ignored[i])) == 0)
				return 0;
		return usage("unknown option", a);
	}
	return 0;
}

/* -odir:DIR and its parents are made as needed, so a fresh build tree's
 * `-odir:gen` works without a mkdir first; 0, or -1 with errno. */
static int make_dirs(const char *dir)
{
	char path[4096];
	size_t len = strlen(dir);

	if (len == 0 || len >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, len + 1);
	for (char *p = path + 1; ; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			return -1;
		*p = c;
		if (c == '\0')
			break;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *sources[256];
	char tmh[256][256];
	unsigned n = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return usage(NULL, NULL), 0;
		if (argv[i][0] == '-') {
			if (option(argv[i]) != 0)
				return 2;
		} else if (n == 256) {
			return usage("too many sources", NULL);
		} else if (has_ext(argv[i])) {
			sources[n++] = argv[i];
		}
	}
	if (n == 0)
		return usage("no source file (with a -ext: extension)", NULL);
	wpp_add_defaults(&config);
	wpp_resolve_affixes(&config);
	for (unsigned i = 0; i < n; i++)
		wpp_scan_source(&config, sources[i], tmh[i], sizeof(tmh[i]));
	for (unsigned i = 0; i < n && !config.guids_found; i++)
		guids_from_includes(sources[i]);
	wpp_resolve_enums(&config);
	if (!config.guids_found)
		wpp_error(&config, sources[0], 0, "no WPP_CONTROL_GUIDS definition (in the -scan: "
			  "header, a source or a header it includes) and no -ctl:");
	if (config.errors > 0)
		return 1;
	if (config.odir != NULL && make_dirs(config.odir) != 0) {
		fprintf(stderr, "ndisdma-wpp: cannot create -odir:%s: %s\n", config.odir,
			strerror(errno));
		return 1;
	}
	for (unsigned i = 0; i < n; i++) {
		char path[4096];
		FILE *o;

		snprintf(path, sizeof(path), "%s/%s", config.odir != NULL ? config.odir : ".", tmh[i]);
		if ((o = fopen(path, "w")) == NULL) {
			fprintf(stderr, "ndisdma-wpp: cannot write %s: %s\n", path, strerror(errno));
			return 1;
		}
		wpp_write_tmh(&config, o, sources[i]);
		if (fclose(o) != 0) {
			fprintf(stderr, "ndisdma-wpp: cannot write %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	return 0;
}
