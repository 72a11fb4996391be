/* Workload that runs a tiny KVM guest: "kvmrun N" makes a VM with one
 * vCPU in real mode whose code writes a byte to I/O port 0x10 N times,
 * then halts.  It waits for a byte on stdin before the first KVM_RUN, and
 * prints "io K hlt H" (the exits KVM passed to user space: K port writes,
 * H halts; N and 1 when all went as meant).  Exits 2 without /dev/kvm. */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 10;
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return 2;
	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		return 2;
	/* mov cx, n; mov al, 'x'; 1: out 0x10, al; dec cx; jnz 1b; hlt */
	unsigned char code[] = { 0xb9, n & 0xff, n >> 8, 0xb0, 'x', 0xe6, 0x10, 0x49, 0x75, 0xfb, 0xf4 };
	char *mem = mmap(NULL, 0x4000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 1;
	memcpy(mem + 0x1000, code, sizeof(code));
	struct kvm_userspace_memory_region r = { .slot = 0, .memory_size = 0x4000, .userspace_addr = (unsigned long)mem };
	int vcpu;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r) < 0 || (vcpu = ioctl(vm, KVM_CREATE_VCPU, 0)) < 0)
		return 1;
	int size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	struct kvm_run *run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	struct kvm_sregs s;
	if (run == MAP_FAILED || ioctl(vcpu, KVM_GET_SREGS, &s) < 0)
		return 1;
	s.cs.base = 0;
	s.cs.selector = 0;
	struct kvm_regs g = { .rip = 0x1000, .rflags = 2 };
	if (ioctl(vcpu, KVM_SET_SREGS, &s) < 0 || ioctl(vcpu, KVM_SET_REGS, &g) < 0)
		return 1;
	char c;
	if (read(0, &c, 1) != 1)
		return 1;
	unsigned io = 0, hlt = 0;
	while (!hlt && io <= n) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0)
			return 1;
		if (run->exit_reason == KVM_EXIT_IO)
			io++;
		else if (run->exit_reason == KVM_EXIT_HLT)
			hlt++;
		else
			break;
	}
	printf("io %u hlt %u\n", io, hlt);
	return io == n && hlt == 1 ? 0 : 1;
}
