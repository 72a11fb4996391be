/* The kernel's BTF, loaded with one copy instead of two.  libbpf 1.4 reads
 * /sys/kernel/btf/vmlinux (5.5 MB) into a buffer and btf__new copies that
 * buffer, so every CO-RE load peaked at twice the BTF: most of a tool's
 * peak RSS.  Kernels from 6.16 let the file be mapped; mapped kernel pages
 * are not the process's memory, so only libbpf's copy counts.  The link
 * wraps btf__load_vmlinux_btf (-Wl,--wrap, CMakeLists.txt) so libbpf's own
 * calls come here too; elsewhere libbpf's reading is used.  libbpf >= 1.6
 * maps the file itself. */
#include <bpf/btf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct btf *__real_btf__load_vmlinux_btf(void);

struct btf *__wrap_btf__load_vmlinux_btf(void)
{
	struct btf *btf = NULL;
	int fd = open("/sys/kernel/btf/vmlinux", O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
		void *raw = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (raw != MAP_FAILED) {
			btf = btf__new(raw, (__u32)st.st_size); /* NULL on error */
			munmap(raw, (size_t)st.st_size);
		}
	}
	if (fd >= 0)
		close(fd);
	return btf ?: __real_btf__load_vmlinux_btf();
}
