#!/usr/bin/env python3
"""wdk_compat.py -- docs/compat.md from the WDK headers, and the checks
behind it (tests/compat.cmake).

    wdk_compat.py --write  [common options]           rewrite docs/compat.md
    wdk_compat.py --check  [common options]           page up to date?
    wdk_compat.py --exports LIB [--tool BIN] [--cxx CLANGXX] [...]
                                                      export list checks
    wdk_compat.py --layout [--cc CC] [...]            MS and System V bit-field
                                                      layouts agree

Common options: --clang CLANG --root SOURCE_DIR --cflags "MINIPORT CFLAGS".

What the headers hold is read the way a compiler sees it, never by pattern
matching the text: clang's JSON AST of one translation unit that includes
every driver header (functions, data, types, enum constants, with the file
each comes from) and `clang -E -dD` for the macros.  The page lists every
name a driver may use, by family; the section "Deliberately not provided"
and everything after it is hand-written and kept as it is.

--exports checks libndisdma.so against the headers: every exported symbol
is declared in a WDK header or in include/ndisdma, every function and
object the WDK headers declare (not inline in them) is exported, and in
C++ every one of them has C linkage (a C++ miniport calling it links);
with --tool, the ndisdma binary exports nothing of its own.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

MARKER = "## Deliberately not provided"
# Declared by the WDK headers, defined by the driver itself.
# NdisDmaWppDefaultLog: every .tmh defines it (weak, hidden; docs/wpp.md).
DRIVER_PROVIDED = {"DriverEntry", "NdisDmaWppDefaultLog"}
# Headers that are not standalone declarations (see wdk_headers.sh).
NOT_INCLUDED = {"pshpack1.h", "pshpack2.h", "pshpack4.h", "pshpack8.h",
                "poppack.h", "initguid.h", "InitGuid.h", "intrin.h"}
# Family of the names a header file itself declares (types, constants,
# macros; functions go by their prefix first).
FILE_FAMILIES = [
    (r"ndisdma_wdk_(base|config|oid|pm|nbl|miniport|attributes|api|ndis_mem|ndis_sys|offload)\.h$|ndis\.h$|ntddndis\.h$", "Ndis"),
    (r"ndisdma_wdk_ke\.h$", "Ke (kernel executive)"),
    (r"ndisdma_wdk_ex\.h$", "Ex (pool, lookaside lists)"),
    (r"ndisdma_wdk_mm\.h$", "Mm (memory)"),
    (r"ndisdma_wdk_ps\.h$", "Ps/Ob/Zw (threads, objects, handles)"),
    (r"ndisdma_wdk_rtl\.h$|ntstrsafe\.h$|ntintsafe\.h$", "Rtl (run-time library)"),
    (r"ndisdma_wdk_io\.h$", "Io (I/O manager)"),
    (r"ndisdma_wdk_interlocked\.h$", "Interlocked"),
    (r"ndisdma_wdk_debug\.h$", "Debug (Dbg, Kd)"),
    (r"ndisdma_wdk_wpp\.h$|\.tmh$|(^|/)[Ww]pp[^/]*\.h$", "Wpp (tracing)"),   # file names, not the checkout's path
    (r"acpiioct\.h$", "ACPI (acpiioct.h)"),
    (r"wdm\.h$|ntddk\.h$|ntifs\.h$|ndisdma_wdk_ioaccess\.h$", "WDM (IRQL, MDL, resources, registers)"),
    (r"ndisdma_wdk_ntstatus\.h$|ntstatus\.h$", "NTSTATUS values"),
    (r"ndisdma_wdk_guid\.h$|wdmguid\.h$|guiddef\.h$", "GUIDs"),
    (r"ndisdma_wdk_types\.h$|ntdef\.h$", "Base types and helpers (ntdef.h)"),
    (r"ndisdma_wdk_sal\.h$|sal\.h$|specstrings\.h$|driverspecs\.h$|DriverSpecs\.h$",
     "SAL and driver annotations"),
    (r"ndisdma_wdk_(msvc|intrin|seh)\.h$", "MSVC keywords, intrinsics, SEH"),
]
INTERNAL = re.compile(r"^_*(NDISDMA|ndisdma)")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                          universal_newlines=True, **kw).stdout


def driver_headers(wdk):
    return sorted(h for h in os.listdir(wdk)
                  if h.endswith(".h") and not h.startswith("ndisdma_wdk_")
                  and h not in NOT_INCLUDED)


def prefix_families(root):
    """The loader's family table (src/runtime/driver_imports.c)."""
    text = open(os.path.join(root, "src/runtime/driver_imports.c")).read()
    table = text[text.index("families[] = {"):]
    table = table[:table.index("};")]
    return re.findall(r'\{ "([A-Za-z_]+)", "([^"]+)" \}', table)


def file_family(path):
    for pattern, family in FILE_FAMILIES:
        if re.search(pattern, path):
            return family
    return "Other (%s)" % os.path.basename(path)


def name_family(name, prefixes):
    for prefix, family in prefixes:
        if name.startswith(prefix) and len(name) > len(prefix) and name[len(prefix)].isupper():
            return family
    return None


class Ast:
    """Top-level declarations of a translation unit, with their files."""

    def __init__(self):
        self.cur = None
        self.decls = []   # (kind, name, file, node)

    def location(self, loc):
        if "file" in loc:
            self.cur = loc["file"]

    def walk(self, o, depth, parent_kind=None):
        if isinstance(o, list):
            for v in o:
                self.walk(v, depth, parent_kind)
            return
        if not isinstance(o, dict):
            return
        if "offset" in o or "line" in o or "col" in o:
            self.location(o)     # includedFrom is not a location of its own
            return
        for key, value in o.items():
            if key == "inner":
                self.walk(value, depth + 1, o.get("kind"))
            else:
                self.walk(value, depth, parent_kind)
            if key == "loc" and "kind" in o:
                self.record(o, depth, parent_kind)

    def record(self, node, depth, parent_kind):
        kind = node["kind"]
        top = depth == 1 and parent_kind == "TranslationUnitDecl"
        enum_constant = kind == "EnumConstantDecl" and parent_kind == "EnumDecl"
        if (top or enum_constant) and not node.get("isImplicit") and \
                ("name" in node or kind == "RecordDecl"):
            self.decls.append((kind, node.get("name"), self.cur, node))


# Every translation unit of this script sees the whole surface: the NDIS
# 6.0/6.1 names too, which <ndis.h> declares only when
# NDIS_SUPPORT_60_COMPATIBLE_API is 1 (a miniport of NDIS 6.0 or 6.1, or
# one that defines it before including <ndis.h>).
def include_lines(headers):
    return ["#define NDIS_SUPPORT_60_COMPATIBLE_API 1"] + \
        ["#include <%s>" % h for h in headers]


def parse_ast(clang, cflags, wdk, headers, lang="c"):
    with tempfile.TemporaryDirectory() as tmp:
        tu = os.path.join(tmp, "all." + ("c" if lang == "c" else "cpp"))
        with open(tu, "w") as f:
            f.write("\n".join(include_lines(headers)) + "\n")
        out = run([clang] + cflags + ["-I", wdk, "-fsyntax-only", "-Xclang",
                                      "-ast-dump=json", tu])
    ast = Ast()
    ast.walk(json.loads(out), 0)
    return ast.decls


def parse_macros(clang, cflags, wdk, headers):
    with tempfile.TemporaryDirectory() as tmp:
        tu = os.path.join(tmp, "all.c")
        with open(tu, "w") as f:
            f.write("\n".join(include_lines(headers)) + "\n")
        out = run([clang] + cflags + ["-I", wdk, "-E", "-dD", tu])
    macros = {}
    cur = None
    wdk = os.path.realpath(wdk)
    for line in out.splitlines():
        m = re.match(r'^# \d+ "([^"]*)"', line)
        if m:
            cur = m.group(1)
            continue
        m = re.match(r"^#define ([A-Za-z_][A-Za-z0-9_]*)(\(?)(.*)$", line)
        if m and cur and os.path.realpath(cur).startswith(wdk + os.sep):
            name, paren, body = m.groups()
            if not INTERNAL.match(name):
                macros[name] = (cur, bool(paren), body.strip())
    return macros


def is_local_file(path, wdk):
    return path is not None and os.path.realpath(path).startswith(os.path.realpath(wdk) + os.sep)


def has_body(node):
    return any(c.get("kind") == "CompoundStmt" for c in node.get("inner", []))


def collect(args):
    """Everything a driver sees: {family: {category: set(names)}} and the
    names the library must export {name: header}."""
    wdk = os.path.join(args.root, "include", "wdk")
    headers = driver_headers(wdk)
    cflags = args.cflags.split()
    prefixes = prefix_families(args.root)
    page, exports = {}, {}

    def add(family, category, name):
        page.setdefault(family, {}).setdefault(category, set()).add(name)

    for kind, name, path, node in parse_ast(args.clang, cflags, wdk, headers):
        if name is None or not is_local_file(path, wdk) or INTERNAL.match(name):
            continue
        ffam = file_family(path)
        if kind == "FunctionDecl":
            family = name_family(name, prefixes) or ffam
            inline = has_body(node)
            if node.get("storageClass") == "static" or inline:
                add(family, "inline", name)
            elif name not in DRIVER_PROVIDED:
                add(family, "functions", name)
                exports[name] = os.path.basename(path)
        elif kind == "VarDecl":
            family = name_family(name, prefixes) or ffam
            add(family, "data", name)
            if node.get("storageClass") == "extern" and name not in DRIVER_PROVIDED:
                exports[name] = os.path.basename(path)
        elif kind == "TypedefDecl":
            add(ffam, "types", name)
        elif kind == "EnumConstantDecl":
            add(ffam, "constants", name)
    for name, (path, fnlike, body) in parse_macros(args.clang, cflags, wdk, headers).items():
        family = file_family(path)
        if fnlike:
            add(name_family(name, prefixes) or family, "macros", name)
        elif body == "":
            add(family, "keywords", name)
        else:
            add(family, "constants", name)
    return headers, page, exports, prefixes


CATEGORIES = [
    ("functions", "Functions (in libndisdma)"),
    ("data", "Data"),
    ("inline", "Functions inline in the headers"),
    ("macros", "Function-like macros"),
    ("types", "Types"),
    ("constants", "Constants and object-like macros"),
    ("keywords", "Keywords and annotations (expand to nothing)"),
]


def render(headers, page, prefixes):
    order = []
    for _, family in prefixes:
        if family not in order:
            order.append(family)
    for _, family in FILE_FAMILIES:
        if family not in order:
            order.append(family)
    families = [f for f in order if f in page] + sorted(f for f in page if f not in order)
    out = []
    w = out.append
    w("# What ndisdma provides of the WDK")
    w("")
    w("Generated from `include/wdk` by `scripts/wdk_compat.py --write`; the `compat_doc`")
    w("test fails when this page is out of date, and the `exports` test checks that every")
    w("function the headers declare is exported by `libndisdma.so` and every exported")
    w("name is declared (tests/compat.cmake). A name a driver calls that is not here")
    w("fails to compile or, if only declared by the driver, is listed when the driver")
    w("is loaded (docs/run.md \"Missing names\"). How MSVC-flavoured source is built:")
    w("[msvc-c.md](msvc-c.md).")
    w("")
    w("## Headers")
    w("")
    w(", ".join("`<%s>`" % h for h in headers + sorted(NOT_INCLUDED)))
    w("")
    w("| family | functions | inline | macros | types | constants |")
    w("|---|---|---|---|---|---|")
    for fam in families:
        c = page[fam]
        w("| %s | %d | %d | %d | %d | %d |" % (
            fam, len(c.get("functions", ())) + len(c.get("data", ())),
            len(c.get("inline", ())), len(c.get("macros", ())),
            len(c.get("types", ())),
            len(c.get("constants", ())) + len(c.get("keywords", ()))))
    w("")
    for fam in families:
        w("## " + fam)
        w("")
        for key, title in CATEGORIES:
            names = sorted(page[fam].get(key, ()))
            if names:
                w("**%s** (%d): %s" % (title, len(names), ", ".join("`%s`" % n for n in names)))
                w("")
    return "\n".join(out)


def compose(args, existing):
    headers, page, _, prefixes = collect(args)
    tail = existing[existing.index(MARKER):] if MARKER in existing else MARKER + "\n"
    return render(headers, page, prefixes) + "\n" + tail


def exported_names(lib):
    names = set()
    for line in run(["nm", "-D", "--defined-only", lib]).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] not in ("U", "w", "v"):
            names.add(parts[2].split("@")[0])
    return names - {"_init", "_fini", "_edata", "_end", "__bss_start"}


def api_declared(args):
    api = os.path.join(args.root, "include", "ndisdma")
    headers = sorted(h for h in os.listdir(api) if h.endswith(".h"))
    with tempfile.TemporaryDirectory() as tmp:
        tu = os.path.join(tmp, "api.c")
        with open(tu, "w") as f:
            for h in headers:
                f.write('#include "%s"\n' % os.path.join(api, h))
        out = run([args.clang, "-I", os.path.join(args.root, "include"), "-fsyntax-only",
                   "-Xclang", "-ast-dump=json", tu])
    ast = Ast()
    ast.walk(json.loads(out), 0)
    return {name for kind, name, path, node in ast.decls
            if kind in ("FunctionDecl", "VarDecl") and name and is_local_file(path, api)
            and node.get("storageClass") != "static" and not has_body(node)}


def cxx_linkage(args, exports):
    """Every declared function, referenced from C++, is an unmangled symbol."""
    wdk = os.path.join(args.root, "include", "wdk")
    with tempfile.TemporaryDirectory() as tmp:
        tu = os.path.join(tmp, "refs.cpp")
        with open(tu, "w") as f:
            f.write("\n".join(include_lines(driver_headers(wdk))) + "\n")
            f.write("extern const void *const ndisdma_refs[];\n")
            f.write("const void *const ndisdma_refs[] = {\n")
            for name in sorted(exports):
                f.write("  reinterpret_cast<const void *>(&%s),\n" % name)
            f.write("};\n")
        obj = os.path.join(tmp, "refs.o")
        run([args.cxx, "-std=c++17"] + args.cflags.split() + ["-I", wdk, "-c", tu, "-o", obj])
        undefined = run(["nm", "-u", obj]).split()
    return sorted(n for n in undefined if n.startswith("_Z"))


def tool_exports(tool):
    """Symbols the ndisdma binary defines in its dynamic table, but the
    copies of C library data it refers to (stdout@GLIBC...) and the
    linker's own."""
    linker = {"_IO_stdin_used", "__data_start", "data_start", "__dso_handle",
              "_edata", "_end", "__bss_start", "_init", "_fini"}
    names = []
    for line in run(["nm", "-D", "--defined-only", tool]).splitlines():
        parts = line.split()
        if len(parts) == 3 and "@" not in parts[2] and parts[2] not in linker:
            names.append(parts[2])
    return names


def check_exports(args):
    _, _, declared, _ = collect(args)
    api = api_declared(args)
    exported = exported_names(args.exports)
    problems = []
    for name in sorted(exported - set(declared) - api):
        problems.append("exported by %s but declared in no WDK header nor include/ndisdma: %s"
                        % (os.path.basename(args.exports), name))
    for name in sorted(set(declared) - exported):
        problems.append("declared in %s but not exported by %s (a driver calling it fails "
                        "to load): %s" % (declared[name], os.path.basename(args.exports), name))
    for name in sorted(api - exported):
        problems.append("ndisdma API declared in include/ndisdma but not exported: %s" % name)
    if args.cxx:
        for name in cxx_linkage(args, declared):
            problems.append("declared without C linkage in C++ (missing extern \"C\"): %s" % name)
    if args.tool:
        for name in tool_exports(args.tool):
            problems.append("the ndisdma binary exports %s (its internals and built-in "
                            "samples must not bind a driver's own functions)" % name)
    for p in problems:
        print("exports: " + p)
    print("exports: %d exported, %d declared by the WDK headers, %d by include/ndisdma: %s"
          % (len(exported), len(declared), len(api), "FAILED" if problems else "ok"))
    return 1 if problems else 0


def record_fields(rec, prefix=""):
    """(path, is_bitfield) of every field, through anonymous members and
    named fields of unnamed record type."""
    pending = None
    for c in rec.get("inner", []):
        kind = c.get("kind")
        qual = c.get("type", {}).get("qualType", "")
        if kind == "RecordDecl" and c.get("completeDefinition"):
            pending = c
        elif kind == "FieldDecl":
            if c.get("isImplicit") and pending is not None:
                yield from record_fields(pending, prefix)
                pending = None
            elif pending is not None and ("(unnamed" in qual or "(anonymous" in qual):
                yield from record_fields(pending, prefix + c["name"] + ".")
                pending = None
            elif "name" in c:
                yield prefix + c["name"], bool(c.get("isBitfield"))


def layout_program(args):
    """A C program printing the size, alignment, field offsets and
    bit-field bit positions of every complete structure and union the
    WDK headers define."""
    wdk = os.path.join(args.root, "include", "wdk")
    headers = driver_headers(wdk)
    decls = parse_ast(args.clang, args.cflags.split(), wdk, headers)
    typedef_of = {}
    for kind, name, path, node in decls:
        if kind == "TypedefDecl":
            for c in node.get("inner", []):
                owned = c.get("ownedTagDecl")
                if owned and owned.get("name", "") == "":
                    typedef_of[owned["id"]] = name
    lines = include_lines(headers)
    lines += ["#include <stdio.h>", "#include <string.h>",
              "static void bits(const char *what, const unsigned char *b, size_t n)",
              "{ size_t i, first = n * 8, last = 0;",
              "  for (i = 0; i < n * 8; i++) if (b[i / 8] & (1u << (i % 8))) {",
              "    if (first == n * 8) first = i; last = i; }",
              "  printf(\"bits %s %zu-%zu\\n\", what, first, last); }",
              "#define BITS(T, f) do { union { T s; unsigned char b[sizeof(T)]; } u; \\",
              "  memset(&u, 0, sizeof(u)); u.s.f = -1; bits(#T \".\" #f, u.b, sizeof(T)); } while (0)",
              "int main(void) {"]
    count = 0
    for kind, name, path, node in decls:
        if kind != "RecordDecl" or not node.get("completeDefinition") or \
                not is_local_file(path, wdk):
            continue
        if name:
            type_name = "%s %s" % (node.get("tagUsed", "struct"), name)
        elif node["id"] in typedef_of:
            type_name = typedef_of[node["id"]]
        else:
            continue
        if INTERNAL.match(type_name.split()[-1]):
            continue
        count += 1
        lines.append('  printf("size %s %%zu %%zu\\n", sizeof(%s), _Alignof(%s));'
                     % (type_name, type_name, type_name))
        for field, bitfield in record_fields(node):
            if bitfield:
                lines.append("  BITS(%s, %s);" % (type_name, field))
            else:
                lines.append('  printf("offset %s.%s %%zu\\n", offsetof(%s, %s));'
                             % (type_name, field, type_name, field))
    lines += ["  return 0;", "}"]
    return "\n".join(lines) + "\n", count


def check_layout(args):
    """The layout program gives the same output with MSVC bit-field
    layout (-mms-bitfields, what drivers get) and without (what the
    library is built with): one ABI for both."""
    program, count = layout_program(args)
    wdk = os.path.join(args.root, "include", "wdk")
    base = [f for f in args.cflags.split() if f != "-mms-bitfields"]
    outputs = []
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "layout.c")
        with open(src, "w") as f:
            f.write(program)
        for extra in ([], ["-mms-bitfields"]):
            exe = os.path.join(tmp, "layout%d" % len(extra))
            run([args.cc, "-std=gnu11", "-w"] + base + extra + ["-I", wdk, src, "-o", exe])
            outputs.append(run([exe]).splitlines())
    differ = [(a, b) for a, b in zip(*outputs) if a != b]
    for a, b in differ[:20]:
        print("layout: System V %s / MS %s" % (a, b))
    print("layout: %d structures and unions, %d lines, %d differ: %s"
          % (count, len(outputs[0]), len(differ), "FAILED" if differ or
             len(outputs[0]) != len(outputs[1]) or count == 0 else "ok"))
    return 1 if differ or len(outputs[0]) != len(outputs[1]) or count == 0 else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clang", default="clang")
    ap.add_argument("--cxx", default=None, help="clang++ for the C linkage check")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--cflags", default="-fms-extensions -fshort-wchar -fno-strict-aliasing")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--exports", metavar="LIB")
    mode.add_argument("--layout", action="store_true",
                      help="same structure layouts with and without -mms-bitfields")
    ap.add_argument("--cc", default="cc", help="with --layout: the C compiler")
    ap.add_argument("--tool", default=None, help="with --exports: the ndisdma binary")
    args = ap.parse_args()
    if args.exports:
        return check_exports(args)
    if args.layout:
        return check_layout(args)
    doc = os.path.join(args.root, "docs", "compat.md")
    existing = open(doc).read() if os.path.exists(doc) else ""
    text = compose(args, existing)
    if args.write:
        with open(doc, "w") as f:
            f.write(text)
        return 0
    if text != existing:
        print("compat_doc: docs/compat.md is out of date with include/wdk; "
              "run scripts/wdk_compat.py --write (and review the diff)")
        for a, b in zip(text.splitlines(), existing.splitlines()):
            if a != b:
                print("  first difference:\n  - %s\n  + %s" % (b[:200], a[:200]))
                break
        return 1
    print("compat_doc: docs/compat.md is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
