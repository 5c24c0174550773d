package dev.descent.tensor;

/**
 * Whether ops record the graph, per thread, and a scope that sets it: {@link Tensor#noGrad()} turns recording off
 * (PyTorch's {@code torch.no_grad()}, for evaluation and optimizer updates), {@link Tensor#enableGrad()} turns it
 * back on inside such a scope, and plain backward passes run with it off. Use with try-with-resources; closing
 * restores the mode the scope found.
 */
public final class GradMode implements AutoCloseable {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private final boolean previous;

    GradMode(boolean enabled) {
        this.previous = set(enabled);
    }

    @Override
    public void close() {
        set(previous);
    }

    static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Sets the mode and returns the previous one. */
    static boolean set(boolean enabled) {
        boolean[] cell = ENABLED.get();
        boolean previous = cell[0];
        cell[0] = enabled;
        return previous;
    }
}
