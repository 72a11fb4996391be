#ifndef BPFKIT_CMD_KVMREASONS_H
#define BPFKIT_CMD_KVMREASONS_H

/* The kvm_exit trace event's isa field. */
enum { KVM_ISA_VMX = 1, KVM_ISA_SVM = 2 };

/* The name of a VM exit reason of that instruction set ("HLT", "IOIO"), or
 * NULL for a code the table lacks. */
const char *kvm_exit_reason(unsigned isa, unsigned reason);

#endif
