// Workload for the Java language tools (test/live/u*.sh): waits for a line
// on stdin, then makes a known number of each thing they count: CALLS
// calls of target() (each from outer() through inner(), for the flow),
// GCS System.gc() calls, THREADS named threads started and joined, OBJECTS
// LangWork$Blob objects; prints "done" and waits for a second line.
import java.io.BufferedReader;
import java.io.InputStreamReader;

public class LangWork {
	static final class Blob {
		long a, b;
	}

	static Blob[] kept;
	static long sum;

	static void target(int i) {
		sum += i;
	}

	static void inner(int i) {
		target(i);
	}

	static void outer(int i) {
		inner(i);
	}

	public static void main(String[] args) throws Exception {
		int calls = Integer.parseInt(args[0]), gcs = Integer.parseInt(args[1]);
		int threads = Integer.parseInt(args[2]), objects = Integer.parseInt(args[3]);
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
		System.out.println("ready");
		in.readLine();
		for (int i = 0; i < calls; i++)
			outer(i);
		for (int i = 0; i < gcs; i++)
			System.gc();
		for (int i = 0; i < threads; i++) {
			Thread t = new Thread(() -> sum++, "bpfkit-worker-" + i);
			t.start();
			t.join();
		}
		kept = new Blob[objects];
		for (int i = 0; i < objects; i++)
			kept[i] = new Blob();
		System.out.println("done " + sum);
		in.readLine();
	}
}
