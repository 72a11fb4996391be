#include "core/tracer.h"

#include "core/debug.h"
#include "core/detach.h"
#include "core/disasm.h"
#include "core/features.h"
#include "core/flight.h"
#include "core/log.h"
#include "core/signals.h"
#include "core/privilege.h"
#include "core/skeldata.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* The initial PID namespace's inode (include/linux/proc_ns.h). */
#define PROC_PID_INIT_INO 0xEFFFFFFCU

bool tracer_print_ebpf;
unsigned long tracer_buffer_pages;
bool tracer_include_self;
const char *tracer_cgroupmap, *tracer_mntnsmap;

int tracer_set_rodata(struct tracer *t, const char *var, const void *val, size_t size)
{
	struct btf *btf = bpf_object__btf(t->obj);
	struct bpf_map *map = bpf_object__find_map_by_name(t->obj, ".rodata");
	if (!btf || !map)
		return -ENOENT;
	int id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	if (id < 0)
		return -ENOENT;
	const struct btf_type *sec = btf__type_by_id(btf, id);
	const struct btf_var_secinfo *vs = btf_var_secinfos(sec);
	size_t map_size;
	char *data = bpf_map__initial_value(map, &map_size);
	for (int i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *v = btf__type_by_id(btf, vs->type);
		if (strcmp(btf__name_by_offset(btf, v->name_off), var))
			continue;
		if (vs->size != size || vs->offset + size > map_size)
			return -EINVAL;
		memcpy(data + vs->offset, val, size);
		return 0;
	}
	return -ENOENT;
}

int tracer_set_rodata_uint(struct tracer *t, const char *var, uint64_t val)
{
	/* Little-endian x86_64: the value's low bytes are the narrower integer. */
	static const size_t sizes[] = { 1, 2, 4, 8 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int err = tracer_set_rodata(t, var, &val, sizes[i]);
		if (err == -EINVAL)
			continue; /* not this size */
		if (err)
			return err;
		return sizes[i] < 8 && val >> (8 * sizes[i]) ? -ERANGE : 0;
	}
	return -EINVAL;
}

unsigned tracer_event_pages(const struct tracer *t, bool ring)
{
	unsigned long pages = t->buffer_pages ? t->buffer_pages : tracer_buffer_pages;
	if (!pages)
		pages = TRACER_DEFAULT_PAGES;
	/* One ring buffer serves every CPU: as much as their perf buffers. */
	long ncpu = ring ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
	pages *= ncpu > 0 ? ncpu : 1;
	unsigned p2 = 1;
	while (p2 < pages && p2 < (1u << 19)) /* max_entries is a u32 of bytes */
		p2 <<= 1;
	return p2;
}

/* The event stream uses a ring buffer; kernels before 5.8 get a perf buffer
 * through the same map name, switched here before load, and so does the
 * flight recorder, whose rings are perf events (core/flight.h). */
static int setup_events_map(struct tracer *t)
{
	struct bpf_map *map = bpf_object__find_map_by_name(t->obj, "events");
	if (!map)
		return 0;
	if (feature_has(FEAT_RINGBUF) && !flight_events)
		return bpf_map__set_max_entries(map, tracer_event_pages(t, true) * getpagesize());
	bool use_perf = true;
	int err = bpf_map__set_type(map, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	err = err ?: bpf_map__set_key_size(map, 4);
	err = err ?: bpf_map__set_value_size(map, 4);
	err = err ?: bpf_map__set_max_entries(map, 0);
	err = err ?: tracer_set_rodata(t, "events_use_perf", &use_perf, sizeof(use_perf));
	return err;
}

/* The tool's own process, for the BPF side's is_self() (probes/lib/common.bpf.h);
 * objects without the variables ignore it. */
static int setup_self(struct tracer *t)
{
	if (tracer_include_self)
		return 0;
	uint32_t tgid = getpid();
	int err = tracer_set_rodata(t, "self_tgid", &tgid, sizeof(tgid));
	if (err)
		return err == -ENOENT ? 0 : err;
	/* getpid() counts in our PID namespace; the kernel's IDs are those of
	 * the initial one, which has a fixed inode number. */
	struct stat st;
	if (stat("/proc/self/ns/pid", &st) || st.st_ino == PROC_PID_INIT_INO)
		return 0;
	/* The kernel compares the device in its own encoding (MKDEV). */
	uint64_t dev = (uint64_t)major(st.st_dev) << 20 | minor(st.st_dev), ino = st.st_ino;
	err = tracer_set_rodata(t, "self_pidns_dev", &dev, sizeof(dev));
	return err ?: tracer_set_rodata(t, "self_pidns_ino", &ino, sizeof(ino));
}

/* --cgroupmap and --mntnsmap: which map of probes/lib/containers.bpf.h each
 * replaces, and what the user's map must be keyed by. */
struct pinned_filter {
	const char *opt, *map, *flag, *keyed_by;
	int value_size; /* BCC's, for the hint only: values are never read */
};

static const struct pinned_filter cgroup_filter = { "--cgroupmap", "cgroupmap", "filter_cgroupmap", "cgroup ID", 8 };
static const struct pinned_filter mntns_filter = { "--mntnsmap", "mntnsmap", "filter_mntnsmap",
						   "mount namespace inode number", 4 };

/* The pinned map takes the place of the object's own and turns its filter
 * on.  Any hash map with 8-byte keys will do, as for BCC. */
static int use_pinned_map(struct tracer *t, const struct pinned_filter *f, const char *path)
{
	struct bpf_map *map = bpf_object__find_map_by_name(t->obj, f->map);
	if (!map) {
		log_err("internal error: %s is not wired into this tool's BPF object", f->opt);
		return -ENOENT;
	}
	int fd = bpf_obj_get(path);
	if (fd < 0) {
		int err = -errno;
		if (err == -ENOENT)
			log_err("%s %s: no such file (make one with: bpftool map create %s type hash key 8 value %d "
				"entries 1024 name %s)", f->opt, path, path, f->value_size, f->map);
		else if (err == -EACCES || err == -EPERM || err == -EINVAL)
			log_err("%s %s: not a pinned BPF map (%s; is it on a bpf file system?)", f->opt, path,
				strerror(-err));
		else
			log_err("%s %s: %s", f->opt, path, strerror(-err));
		return err;
	}
	/* A pinned program or link opens too; only a map's fd links to this. */
	char link[64] = "", proc[64];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(proc, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = 0;
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);
	int err = 0;
	if (n > 0 && strcmp(link, "anon_inode:bpf-map")) {
		log_err("%s %s: a pinned BPF %s, not a map", f->opt, path,
			strstr(link, "prog") ? "program" : strstr(link, "link") ? "link" : "object");
		err = -EINVAL;
	} else if (bpf_map_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		log_err("%s %s: cannot read the map's type: %s", f->opt, path, strerror(-err));
	} else if ((info.type != BPF_MAP_TYPE_HASH && info.type != BPF_MAP_TYPE_LRU_HASH &&
		    info.type != BPF_MAP_TYPE_PERCPU_HASH && info.type != BPF_MAP_TYPE_LRU_PERCPU_HASH) ||
		   info.key_size != 8) {
		const char *type = libbpf_bpf_map_type_str(info.type);
		log_err("%s %s: map type %s with %u-byte keys; expected a hash map keyed by %s (8 bytes)", f->opt,
			path, type ? type : "unknown", info.key_size, f->keyed_by);
		err = -EINVAL;
	} else if ((err = bpf_map__reuse_fd(map, fd))) {
		log_err("%s %s: cannot use the map: %s", f->opt, path, strerror(-err));
	}
	close(fd);
	bool on = true;
	return err ?: tracer_set_rodata(t, f->flag, &on, sizeof(on));
}

static int setup_containers(struct tracer *t)
{
	int err = tracer_cgroupmap ? use_pinned_map(t, &cgroup_filter, tracer_cgroupmap) : 0;
	return err ?: tracer_mntnsmap ? use_pinned_map(t, &mntns_filter, tracer_mntnsmap) : 0;
}

/* The specs' raw_flag: a variable an object without raw programs for
 * several calls does not have. */
static int set_raw_flags(struct tracer *t)
{
	bool on = true;
	for (int i = 0; i < t->nspecs; i++) {
		const struct probe_spec *s = &t->specs[i];
		if (!s->raw_flag || t->chosen[i] < 0 || s->alt[t->chosen[i]].mech != PM_RAW_TP)
			continue;
		int err = tracer_set_rodata(t, s->raw_flag, &on, sizeof(on));
		if (err && err != -ENOENT) {
			log_err("internal error: cannot set %s in the BPF object: %s", s->raw_flag, strerror(-err));
			return err;
		}
	}
	return 0;
}

void tracer_explain_load_failure(int err)
{
	const char *prog, *reason = log_verifier_reason(&prog);
	if (reason) {
		log_err("the kernel's verifier rejected BPF program %s: %s (--verbose shows its log)", prog, reason);
		return;
	}
	const char *why = log_last_libbpf();
	if (err == -EPERM || err == -EACCES) {
		const char *missing = priv_bpf_missing();
		if (missing)
			log_err("permission denied loading BPF programs: %s", missing);
		else
			log_err("the kernel refused the BPF programs (%s)%s%s", strerror(-err), *why ? ": " : "", why);
		return;
	}
	log_err("cannot load BPF programs: %s%s%s (run with --verbose for the verifier log)", strerror(-err),
		*why ? "; libbpf: " : "", why);
}

/* --bpf-debug's views of the tool's own programs: which alternative of each
 * probe's chain was chosen (0x4), and the verifier's log as it loads
 * (0x2, 0x10). */
static void debug_before_load(struct tracer *t)
{
	if (debug_flags & DEBUG_PREPROCESSOR) {
		fflush(stdout);
		for (int i = 0; i < t->nspecs; i++) {
			const struct probe_spec *s = &t->specs[i];
			if (t->chosen[i] < 0) {
				fprintf(stderr, "; probe %s: none (left out)\n", s->name);
				continue;
			}
			const struct probe_alt *a = &s->alt[t->chosen[i]];
			fprintf(stderr, "; probe %s: %s %s -> program %s\n", s->name, probe_mech_name(a->mech),
				a->target ? a->target : "", a->prog);
		}
	}
	int level = debug_log_level();
	struct bpf_program *prog;
	if (level)
		bpf_object__for_each_program(prog, t->obj)
			if (bpf_program__autoload(prog))
				bpf_program__set_log_level(prog, level);
}

/* The instructions as sent (0x2) and as the kernel holds them, with their
 * C lines (0x8). */
static void debug_after_load(struct tracer *t)
{
	if (debug_flags & DEBUG_BPF)
		tracer_dump_programs(t, stderr);
	struct bpf_program *prog;
	if (debug_flags & DEBUG_SOURCE)
		bpf_object__for_each_program(prog, t->obj)
			if (bpf_program__autoload(prog) && bpf_program__fd(prog) >= 0)
				debug_print_loaded(stderr, bpf_program__fd(prog), bpf_program__name(prog));
}

int tracer_select(struct tracer *t)
{
	if (t->selected)
		return 0;
	if (t->nspecs > TRACER_MAX_PROBES)
		return -E2BIG;
	/* From here on a signal must end the tool through its cleanup path. */
	loop_install_signals();
	int err = probes_select(t->obj, t->specs, t->nspecs, t->chosen);
	t->selected = !err;
	return err;
}

int tracer_start(struct tracer *t)
{
	int err = tracer_select(t);
	if (err)
		return err;
	err = setup_events_map(t);
	if (err) {
		log_err("cannot set up the event buffer: %s", strerror(-err));
		return err;
	}
	err = setup_self(t);
	if (err) {
		log_err("internal error: cannot set the tool's own PID in its BPF object: %s", strerror(-err));
		return err;
	}
	err = setup_containers(t);
	err = err ?: set_raw_flags(t);
	if (err)
		return err;
	debug_before_load(t);
	err = bpf_object__load_skeleton(t->skeleton);
	if (err) {
		tracer_explain_load_failure(err);
		return err;
	}
	t->loaded = true;
	debug_after_load(t);
	if (tracer_print_ebpf) {
		tracer_dump_programs(t, stdout);
		return 1;
	}
	return probes_attach(t->obj, t->specs, t->nspecs, t->chosen, t->links);
}

const char *tracer_mech(const struct tracer *t, int i)
{
	return t->chosen[i] < 0 ? "none" : probe_mech_name(t->specs[i].alt[t->chosen[i]].mech);
}

void tracer_dump_programs(const struct tracer *t, FILE *out)
{
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, t->obj) {
		if (!bpf_program__autoload(prog))
			continue;
		const char *mech = "", *target = "";
		for (int i = 0; i < t->nspecs; i++)
			if (t->chosen[i] >= 0 && !strcmp(t->specs[i].alt[t->chosen[i]].prog, bpf_program__name(prog))) {
				mech = probe_mech_name(t->specs[i].alt[t->chosen[i]].mech);
				target = t->specs[i].alt[t->chosen[i]].target;
			}
		fprintf(out, "; program %s (%s %s), %zu instructions\n", bpf_program__name(prog), mech, target,
			bpf_program__insn_cnt(prog));
		disasm_print(out, bpf_program__insns(prog), bpf_program__insn_cnt(prog));
		fputc('\n', out);
	}
}

void tracer_destroy(struct tracer *t)
{
	int n = t->nspecs < TRACER_MAX_PROBES ? t->nspecs : TRACER_MAX_PROBES;
	for (int i = 0; i < n; i++)
		if (t->links[i] && t->chosen[i] >= 0 && t->specs[i].alt[t->chosen[i]].mech == PM_USDT)
			links_destroy_serially(&t->links[i], 1);
	links_destroy(t->links, n);
	if (t->skeleton)
		bpf_object__destroy_skeleton(t->skeleton);
	free(t->skel);
	t->skeleton = NULL;
	t->skel = NULL;
	t->obj = NULL;
}

int tracer_check_privilege(void)
{
	/* Without privilege every mechanism fails with EPERM and the probe
	 * chain would blame each one on the kernel ("tracefs not mounted",
	 * "refuses raw tracepoints"): say the real cause once, up front. */
	const char *missing = priv_bpf_missing();
	if (!missing)
		return 0;
	log_err("%s", missing);
	return -EPERM;
}

void *tracer_opened(void *skel)
{
	int err = errno;
	skel_release(); /* libbpf has copied what it keeps of the object */
	errno = err;
	if (!skel) {
		log_err("cannot open the BPF object: %s", strerror(errno));
		return NULL;
	}
	if (tracer_check_privilege()) {
		/* Every skeleton starts with its bpf_object_skeleton. */
		bpf_object__destroy_skeleton(*(struct bpf_object_skeleton **)skel);
		free(skel);
		return NULL;
	}
	return skel;
}
