package dev.descent.autograd;

import dev.descent.tensor.AnomalyException;
import dev.descent.tensor.AnomalyMode;

/**
 * Anomaly detection, like PyTorch's {@code torch.autograd.detect_anomaly()}: inside the scope, the first NaN or
 * infinity in a value an op computes, or in a gradient an op's backward rule produces, throws an
 * {@link AnomalyException} naming the op, its input shapes and the line that created it (the first frame outside
 * {@code dev.descent.tensor}, and the first one outside Descent when that differs). It says whether the op's
 * inputs, or the upstream gradient, were already bad, so the message points at where the trouble starts.
 *
 * <pre>{@code
 * try (var detect = Anomaly.detect()) {
 *     Tensor loss = model.forward(x).log().mean();   // AnomalyException: 'log' produced -Infinity ...
 *     loss.backward();
 * }
 * }</pre>
 *
 * <p>The switch is global (all threads) and scopes nest. Inside it every op scans its output and every recorded op
 * walks the stack once, so training runs several times slower: turn it on to find a NaN, not for production. Off,
 * it costs one volatile read per op. Ops run inside backward rules are not checked one by one; the gradients the
 * rule returns are.
 */
public final class Anomaly {
    private Anomaly() {
    }

    /** Turns detection on until the returned scope is closed; use with try-with-resources. */
    public static AnomalyMode detect() {
        return AnomalyMode.enable();
    }

    /** Whether detection is on. */
    public static boolean isEnabled() {
        return AnomalyMode.isEnabled();
    }
}
