/* lockorder, dynamically linked: its lock functions are libc's. */
#include "lockorder.c"
