/* Workload for shmsnoop: waits for a byte on stdin, then makes a private
 * segment of 8192 bytes (IPC_CREAT|0600), attaches it read-only, detaches
 * it and removes it, then asks for key 0x5eed5eed without IPC_CREAT (fails
 * ENOENT), printing "id ID addr ADDR" (hex) for the test. */
#include <stdio.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	int id = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
	void *p = id < 0 ? (void *)-1 : shmat(id, NULL, SHM_RDONLY);
	if (p == (void *)-1 || shmdt(p) || shmctl(id, IPC_RMID, NULL))
		return 1;
	if (shmget(0x5eed5eed, 4096, 0600) != -1)
		return 1;
	printf("id %x addr %lx\n", id, (unsigned long)p);
	return 0;
}
