/* x86_64 syscall and errno names, for syscount and friends. */
#ifndef BPFKIT_CORE_SYSCALLS_H
#define BPFKIT_CORE_SYSCALLS_H

extern const char *const syscall_names[];
extern const int syscall_names_count;
extern const char *const errno_names[];
extern const int errno_names_count;

/* Name of syscall nr; unknown numbers get "[unknown: N]" as BCC prints them. */
const char *syscall_name(int nr, char *buf, int len);
/* Number for a syscall name, or -1. */
int syscall_nr(const char *name);
/* errno from "ENOENT" or "2"; -1 when neither. */
int errno_parse(const char *s);

#endif
