package dev.descent.cli;

import dev.descent.train.Callback;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C during training: a shutdown hook raises a flag, the next batch step sees it and unwinds training (the
 * checkpoint of the last finished epoch is already on disk, written atomically), and the hook waits for the
 * command to say so before the JVM exits.
 */
final class Interrupt implements Callback {
    /** Thrown from the step callback to leave the training loop. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("interrupted", null, false, false);
        }
    }

    private static final long WAIT_SECONDS = 30;
    /** Hooks installed and not yet uninstalled: each one left behind holds the JVM's exit for its full wait. */
    private static final AtomicInteger INSTALLED = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean requested;
    private Thread hook;

    private Interrupt() {
    }

    static Interrupt install() {
        Interrupt i = new Interrupt();
        i.hook = new Thread(() -> {
            i.requested = true;
            try {
                i.finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "descent-ctrl-c");
        Runtime.getRuntime().addShutdownHook(i.hook);
        INSTALLED.incrementAndGet();
        return i;
    }

    /** How many hooks are installed and not yet uninstalled (0 whenever no training is running). */
    static int installed() {
        return INSTALLED.get();
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
        if (requested) {
            throw new Stopped();
        }
    }

    /** Whether Ctrl-C (or SIGTERM) has been received. */
    boolean requested() {
        return requested;
    }

    @Override
    public boolean shouldStop() {
        return requested;
    }

    /** Lets a waiting hook finish, and removes the hook when the JVM is not already shutting down. */
    void uninstall() {
        if (finished.getCount() > 0) {
            INSTALLED.decrementAndGet();
        }
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the latch is open
        }
    }
}
