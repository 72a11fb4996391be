# Workload for the Python language tools (test/live/u*.sh): waits for a
# line on stdin, then makes CALLS calls of target() (each from outer()
# through inner(), for the flow) and GCS gc.collect() calls; prints "done"
# and waits for a second line.
import gc
import sys


def target(i):
    return i


def inner(i):
    return target(i)


def outer(i):
    return inner(i)


def main():
    calls, gcs = int(sys.argv[1]), int(sys.argv[2])
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(calls):
        outer(i)
    for _ in range(gcs):
        gc.collect()
    print("done", flush=True)
    sys.stdin.readline()


main()
