/*
 * An SSDT that gives the guest's CPU 0 three ACPI P-states (2400, 1800 and
 * 1200 MHz), so that Debian's acpi-cpufreq driver binds to it under QEMU
 * and power:cpu_frequency fires when the userspace governor sets a speed:
 * the only machine bpfkit is tested on that has a CPU frequency driver.
 * The control and status registers are I/O ports nothing decodes: writes
 * go nowhere, and acpi-cpufreq, not in strict mode, takes the state it
 * asked for as the current one.  run-vm.sh compiles it with iasl and hands
 * it to QEMU with -acpitable when BPFKIT_VM_CPUFREQ is set.
 */
DefinitionBlock ("", "SSDT", 2, "BPFKIT", "CPUFREQ", 1)
{
    External (\_SB.CPUS.C000, DeviceObj)

    Scope (\_SB.CPUS.C000)
    {
        Name (_PCT, Package () {
            ResourceTemplate () { Register (SystemIO, 16, 0, 0x0880, ) },
            ResourceTemplate () { Register (SystemIO, 16, 0, 0x0882, ) }
        })
        /* MHz, mW, latencies (us), control and status values. */
        Name (_PSS, Package () {
            Package () { 2400, 12000, 10, 10, 0x00, 0x00 },
            Package () { 1800, 9000, 10, 10, 0x01, 0x01 },
            Package () { 1200, 6000, 10, 10, 0x02, 0x02 }
        })
        Name (_PPC, 0)
    }
}
