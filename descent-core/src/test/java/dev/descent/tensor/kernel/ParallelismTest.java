package dev.descent.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kernel threads run every index exactly once, report failures to the caller, and survive nesting and races. */
class ParallelismTest {
    private final int threadsBefore = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(threadsBefore);
    }

    @Test
    void everyIndexRunsExactlyOnceOnAnyThreadCount() {
        for (int threads = 1; threads <= 4; threads++) {
            Parallelism.setThreads(threads);
            for (int count : new int[] {0, 1, 2, 3, 17, 1000}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(count, 1));
                for (int repeat = 0; repeat < 50; repeat++) {
                    Parallelism.forEach(count, runs::incrementAndGet);
                }
                for (int i = 0; i < count; i++) {
                    assertEquals(50, runs.get(i), "threads " + threads + ", count " + count + ", index " + i);
                }
            }
        }
    }

    @Test
    void usesTheWorkersAndTheCaller() {
        Parallelism.setThreads(2);
        Thread caller = Thread.currentThread();
        var seen = ConcurrentHashMap.<String>newKeySet();
        for (int repeat = 0; repeat < 200 && seen.size() < 2; repeat++) {
            Parallelism.forEach(64, i -> {
                seen.add(Thread.currentThread() == caller ? "caller" : Thread.currentThread().getName());
                busyWork();
            });
        }
        assertTrue(seen.contains("descent-kernel-0"), "workers seen: " + seen);
    }

    @Test
    void aTaskFailureReachesTheCallerAfterTheOtherTasksFinish() {
        Parallelism.setThreads(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(100);
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> Parallelism.forEach(100, i -> {
                    runs.incrementAndGet(i);
                    if (i == 37) {
                        throw new IllegalArgumentException("task 37");
                    }
                }));
        assertEquals("task 37", thrown.getMessage());
        for (int i = 0; i < 100; i++) {
            assertEquals(1, runs.get(i), "index " + i);
        }
        AssertionError error = new AssertionError("an error");
        assertSame(error, assertThrows(AssertionError.class, () -> Parallelism.forEach(4, i -> {
            if (i == 3) {
                throw error;
            }
        })));
        // and the threads still work afterwards
        everyIndexRunsExactlyOnceOnAnyThreadCount();
    }

    @Test
    void nestedCallsRunOnTheirThread() {
        Parallelism.setThreads(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(8 * 8);
        Parallelism.forEach(8, i -> Parallelism.forEach(8, j -> runs.incrementAndGet(8 * i + j)));
        for (int i = 0; i < 64; i++) {
            assertEquals(1, runs.get(i));
        }
    }

    @Test
    void concurrentCallersEachGetAllTheirIndexes() throws InterruptedException {
        Parallelism.setThreads(2);
        int callers = 4;
        AtomicIntegerArray runs = new AtomicIntegerArray(callers * 100);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int base = c * 100;
            Thread t = new Thread(() -> {
                for (int repeat = 0; repeat < 200; repeat++) {
                    Parallelism.forEach(100, i -> runs.incrementAndGet(base + i));
                }
            });
            t.setUncaughtExceptionHandler((th, e) -> {
                synchronized (failures) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(200, runs.get(i), "index " + i);
        }
    }

    @Test
    void parkedWorkersWakeUpForTheNextJob() throws InterruptedException {
        Parallelism.setThreads(2);
        Parallelism.forEach(2, i -> { });
        Thread.sleep(5); // past the spin: the worker parks
        AtomicIntegerArray runs = new AtomicIntegerArray(10);
        Parallelism.forEach(10, runs::incrementAndGet);
        for (int i = 0; i < 10; i++) {
            assertEquals(1, runs.get(i));
        }
    }

    private static volatile double sink;

    private static void busyWork() {
        double s = 0;
        for (int k = 0; k < 20_000; k++) {
            s += Math.sqrt(k);
        }
        sink = s;
    }

    @Test
    void threadCountsBeyondFourPerProcessorAreRefused() {
        int max = Parallelism.maxThreads();
        assertTrue(max >= 16 && max >= 4 * Runtime.getRuntime().availableProcessors(), "max " + max);
        var e = assertThrows(IllegalArgumentException.class, () -> Parallelism.setThreads(100_000));
        assertTrue(e.getMessage().contains("1 to " + max) && e.getMessage().contains("100000"), e.getMessage());
        Parallelism.setThreads(max);
        assertEquals(max, Parallelism.threads());
    }
}
