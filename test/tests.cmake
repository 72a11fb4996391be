# Three tiers, all run by ctest:
#   unit  - no privileges: parsers, histogram text, symbolizer
#   live  - root, this host's kernel: real BPF on events from test programs
#   vm    - Debian's 5.10, 6.1 and 6.12 kernels under QEMU (kprobes, fentry, ...)
# and a fourth in a build with -DBPFKIT_SANITIZE=ON (test/run makes it in
# build-san):
#   san   - the unit tests, the live tests of the tools with the most code of
#           their own, and both fuzz targets for a bounded time, under ASan
#           and UBSan; a test with any sanitizer report fails
#           (test/sanitized.sh), whatever its own status.
if(BPFKIT_SANITIZE)
  set(UNIT_LABEL san)
  set(LIVE_LABEL san)
  set(TEST_PREFIX san.)
  set(SAN_RUN sh ${CMAKE_SOURCE_DIR}/test/sanitized.sh)
  # The live tests worth running there: trace with several probes, argdist,
  # the stack tools, the symbolizer, and a language tool (USDT links).
  set(SAN_LIVE trace argdist stackcount profile offcputime sym perfmap symcache fgoutput lang_ruby)
  # ASan makes them about three times slower.
  set(TIMEOUT_SCALE 3)
else()
  set(UNIT_LABEL unit)
  set(LIVE_LABEL live)
  set(TEST_PREFIX)
  set(SAN_RUN)
  set(TIMEOUT_SCALE 1)
endif()
math(EXPR UNIT_TIMEOUT "120 * ${TIMEOUT_SCALE}")
math(EXPR SCRIPT_TIMEOUT "300 * ${TIMEOUT_SCALE}")
math(EXPR LIVE_TIMEOUT "120 * ${TIMEOUT_SCALE}")

# Unit tests: one executable per test/unit/test_*.c, linked with the same
# objects as the binary.
file(GLOB UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/test/unit/test_*.c)
foreach(src ${UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src} $<TARGET_OBJECTS:bpfkit_obj>)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})
  target_compile_definitions(${name} PRIVATE BPFKIT_VERSION="${PROJECT_VERSION}" _GNU_SOURCE
                             TEST_SOURCE_DIR="${CMAKE_SOURCE_DIR}/test"
                             TEST_BINARY_DIR="${CMAKE_BINARY_DIR}/test")
  target_link_libraries(${name} PRIVATE ${LINK_LIBS})
  target_link_options(${name} PRIVATE ${EXE_LINK_FLAGS})
  target_compile_options(${name} PRIVATE ${SAN_FLAGS})
  target_link_options(${name} PRIVATE ${SAN_FLAGS})
  string(REPLACE "test_" "" short ${name})
  add_test(NAME ${TEST_PREFIX}unit.${short} COMMAND ${SAN_RUN} $<TARGET_FILE:${name}>
           WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
  set_tests_properties(${TEST_PREFIX}unit.${short} PROPERTIES LABELS ${UNIT_LABEL} TIMEOUT ${UNIT_TIMEOUT})
endforeach()

# Unit tests that drive the binary itself (bpfkit sym against eu-addr2line):
# test/unit/*.sh, unprivileged.
file(GLOB UNIT_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/test/unit/*.sh)
foreach(script ${UNIT_SCRIPTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME ${TEST_PREFIX}unit.${name} COMMAND ${SAN_RUN} sh ${script})
  set_tests_properties(${TEST_PREFIX}unit.${name} PROPERTIES LABELS ${UNIT_LABEL} TIMEOUT ${SCRIPT_TIMEOUT}
    ENVIRONMENT "BPFKIT=$<TARGET_FILE:bpfkit>")
endforeach()

# Workload programs the live and VM tests drive. Static, so the same files run
# inside the VM's initramfs; frame pointers and no inlining keep their stacks
# predictable for the stack tools.  *_nofp.c programs are built the way
# distributions build (-O2 -fomit-frame-pointer), for unwinding by call
# frame information rather than frame pointers.
file(GLOB TEST_PROGS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/test/progs/*.c)
set(TEST_PROG_TARGETS)
foreach(src ${TEST_PROGS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(tp_${name} ${src})
  set_target_properties(tp_${name} PROPERTIES OUTPUT_NAME ${name}
                        RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/test/progs)
  if(name MATCHES "_nofp(_dyn)?$")
    target_compile_options(tp_${name} PRIVATE -O2 -g -fomit-frame-pointer)
  else()
    target_compile_options(tp_${name} PRIVATE -O1 -g -fno-omit-frame-pointer -fno-inline)
  endif()
  # *_dyn.c programs link libc dynamically, for probes on shared libraries
  # (c:malloc); the rest are static so they also run in the VM's initramfs.
  if(NOT name MATCHES "_dyn$")
    target_link_options(tp_${name} PRIVATE -static)
  endif()
  list(APPEND TEST_PROG_TARGETS $<TARGET_FILE:tp_${name}>)
endforeach()

# Live tests: test/live/*.sh, run as root against this host's kernel.
file(GLOB LIVE_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/test/live/*.sh)
list(REMOVE_ITEM LIVE_TESTS ${CMAKE_SOURCE_DIR}/test/live/lib.sh ${CMAKE_SOURCE_DIR}/test/live/netns.sh
  ${CMAKE_SOURCE_DIR}/test/live/cacheuser.sh ${CMAKE_SOURCE_DIR}/test/live/memcg.sh
  ${CMAKE_SOURCE_DIR}/test/live/functimer.sh ${CMAKE_SOURCE_DIR}/test/live/pgserver.sh)
foreach(script ${LIVE_TESTS})
  get_filename_component(name ${script} NAME_WE)
  if(BPFKIT_SANITIZE AND NOT name IN_LIST SAN_LIVE)
    continue()
  endif()
  add_test(NAME ${TEST_PREFIX}live.${name} COMMAND ${SAN_RUN} sh ${script})
  set_tests_properties(${TEST_PREFIX}live.${name} PROPERTIES LABELS ${LIVE_LABEL} TIMEOUT ${LIVE_TIMEOUT}
    ENVIRONMENT "BPFKIT=$<TARGET_FILE:bpfkit>;TESTBIN=${CMAKE_BINARY_DIR}/test/progs;TESTLIB=${CMAKE_SOURCE_DIR}/test/live/lib.sh")
endforeach()
# The packaging tests build from the tree itself (cpack, the install rules).
foreach(name package image)
  if(TEST ${TEST_PREFIX}live.${name})
    set_property(TEST ${TEST_PREFIX}live.${name} APPEND PROPERTY ENVIRONMENT "BUILD_DIR=${CMAKE_BINARY_DIR}")
  endif()
endforeach()
# live.rows starts every tool that prints rows, one after another: 81 s on a
# quiet host, 88 s beside one guest, too near the usual limit.
if(TEST ${TEST_PREFIX}live.rows)
  math(EXPR ROWS_TIMEOUT "300 * ${TIMEOUT_SCALE}")
  set_tests_properties(${TEST_PREFIX}live.rows PROPERTIES TIMEOUT ${ROWS_TIMEOUT})
endif()

# The fuzz targets (clang's libFuzzer), two minutes each.
if(BPFKIT_SANITIZE)
  foreach(target symbolize tracespec)
    add_test(NAME san.fuzz.${target}
      COMMAND sh ${CMAKE_SOURCE_DIR}/test/fuzz/run.sh ${target} 120 ${CMAKE_BINARY_DIR}/test/progs)
    set_tests_properties(san.fuzz.${target} PROPERTIES LABELS san TIMEOUT 600
      ENVIRONMENT "BPFKIT_FUZZ_DIR=${CMAKE_BINARY_DIR}/fuzz")
  endforeach()
endif()

# VM tests: one boot per kernel runs every guest test; the live tests run
# there unchanged too.
# (Not with sanitizers: the guest runs a static binary.)
if(EXISTS ${CMAKE_SOURCE_DIR}/test/vm/run-vm.sh AND NOT BPFKIT_SANITIZE)
  foreach(kernel 5.10 6.1 6.12)
    add_test(NAME vm.${kernel}
      COMMAND bash ${CMAKE_SOURCE_DIR}/test/vm/run-vm.sh ${kernel} $<TARGET_FILE:bpfkit>
              ${CMAKE_SOURCE_DIR}/test/vm/guest ${CMAKE_SOURCE_DIR}/test/live -- ${TEST_PROG_TARGETS})
    set_tests_properties(vm.${kernel} PROPERTIES LABELS vm TIMEOUT 2700 DEPENDS "${TEST_PROG_TARGETS}")
  endforeach()
  # A boot of its own: a CPU with ACPI P-states that acpi-cpufreq drives
  # (test/vm/cpufreq.asl), which the other tests' CPU model must not have.
  foreach(kernel 6.1 6.12)
    add_test(NAME vm.cpufreq.${kernel}
      COMMAND bash ${CMAKE_SOURCE_DIR}/test/vm/run-vm.sh ${kernel} $<TARGET_FILE:bpfkit>
              ${CMAKE_SOURCE_DIR}/test/vm/cpufreq -- $<TARGET_FILE:tp_spinner>)
    set_tests_properties(vm.cpufreq.${kernel} PROPERTIES LABELS vm TIMEOUT 600
      ENVIRONMENT "BPFKIT_VM_CPUFREQ=1")
  endforeach()
endif()
