package dev.descent.tensor;

/**
 * A scope in which ops do not record the graph (PyTorch's {@code torch.no_grad()}): for evaluation and for
 * optimizer updates. Use with try-with-resources; closing restores the previous mode.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    NoGrad(boolean enabled) {
        this.previous = GradMode.set(enabled);
    }

    @Override
    public void close() {
        GradMode.set(previous);
    }
}
