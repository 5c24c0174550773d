package dev.descent.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The switch and the checks behind anomaly detection (PyTorch's {@code torch.autograd.detect_anomaly}); users open
 * it through {@code dev.descent.autograd.Anomaly.detect()}. While a scope is open, on any thread, every op's value
 * and every gradient a backward rule produces is scanned for NaN and infinity, and each recorded node remembers the
 * line that created it; the first bad number throws an {@link AnomalyException}. Closed, it costs one volatile read
 * per op and one per backward pass.
 */
public final class AnomalyMode implements AutoCloseable {
    /** Read on every op; true while at least one scope is open. */
    static volatile boolean enabled;

    private static final AtomicInteger OPEN = new AtomicInteger();
    // Creation sites by node; weak keys so a released graph takes its sites with it.
    private static final Map<Node, String> SITES = Collections.synchronizedMap(new WeakHashMap<>());
    // Ops run by a backward rule are checked as that rule's gradients, not one by one.
    private static final ThreadLocal<int[]> IN_RULE = ThreadLocal.withInitial(() -> new int[1]);
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final java.net.URL HOME = home();
    private static final String TENSOR_PACKAGE = "dev.descent.tensor.";
    private static final String LIBRARY = "dev.descent.";

    private boolean closed;

    private AnomalyMode() {
        adjust(1);
    }

    /** Counts open scopes; synchronized so that the flag always agrees with the count. */
    private static synchronized void adjust(int delta) {
        enabled = OPEN.addAndGet(delta) > 0;
    }

    /** Turns detection on until {@link #close()}; scopes nest. Use with try-with-resources. */
    public static AnomalyMode enable() {
        return new AnomalyMode();
    }

    /** Whether detection is on. */
    public static boolean isEnabled() {
        return enabled;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            adjust(-1);
        }
    }

    // ------------------------------------------------------------------ hooks (Tensor.record, Backprop.run)

    /** Checks an op's fresh value; called from {@code Tensor.record} before the node is attached. */
    static void checkForward(Tensor out, String op, Tensor[] inputs) {
        if (IN_RULE.get()[0] > 0) {
            return;
        }
        int bad = firstNonFinite(out);
        if (bad < 0) {
            return;
        }
        StringBuilder from = new StringBuilder();
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k] != null && firstNonFinite(inputs[k]) >= 0) {
                from.append(from.length() == 0 ? "" : ", ").append("input ").append(k);
            }
        }
        String inputsNote = from.length() == 0 ? "from finite inputs"
                : "because " + from + (from.indexOf(",") >= 0 ? " were" : " was") + " already non-finite";
        String site = site();
        throw new AnomalyException(String.format(Locale.ROOT,
                "anomaly in forward: '%s' produced %s at index %d of its output %s (%d non-finite of %d), %s;"
                        + " inputs %s; created at %s", op, out.at(bad), bad, Shapes.str(out.shape), count(out),
                out.numel(), inputsNote, shapes(inputs), site), op, false, shapeList(inputs), site);
    }

    /** Remembers where a node was recorded. */
    static void remember(Node node) {
        SITES.put(node, site());
    }

    /** Runs {@code node}'s backward rule on {@code upstream} and checks every gradient it returns. */
    static Tensor[] applyChecked(Node node, Tensor upstream) {
        Tensor[] grads;
        int[] depth = IN_RULE.get();
        depth[0]++;
        try {
            grads = node.rule().apply(upstream);
        } finally {
            depth[0]--;
        }
        Tensor[] inputs = node.inputArray();
        for (int k = 0; k < grads.length; k++) {
            Tensor g = grads[k];
            int bad = g == null ? -1 : firstNonFinite(g);
            if (bad < 0) {
                continue;
            }
            String site = SITES.getOrDefault(node, "an unknown place (the node was recorded before anomaly"
                    + " detection was turned on)");
            String upstreamNote = firstNonFinite(upstream) >= 0 ? "the upstream gradient was already non-finite"
                    : "the upstream gradient was finite";
            String inputNote = k < inputs.length && inputs[k] != null && firstNonFinite(inputs[k]) >= 0
                    ? ", and input " + k + " itself is non-finite" : "";
            throw new AnomalyException(String.format(Locale.ROOT,
                    "anomaly in backward: the gradient '%s' sends to input %d is %s at index %d (%d non-finite of"
                            + " %d); %s%s; inputs %s; '%s' was created at %s", node.op(), k, g.at(bad), bad,
                    count(g), g.numel(), upstreamNote, inputNote, shapes(inputs), node.op(), site), node.op(), true,
                    shapeList(inputs), site);
        }
        return grads;
    }

    // ------------------------------------------------------------------ helpers

    private static int firstNonFinite(Tensor t) {
        if (t.f != null) {
            float[] a = t.f;
            for (int i = 0; i < a.length; i++) {
                if (!Float.isFinite(a[i])) {
                    return i;
                }
            }
        } else {
            double[] a = t.d;
            for (int i = 0; i < a.length; i++) {
                if (!Double.isFinite(a[i])) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static int count(Tensor t) {
        int n = 0;
        for (int i = 0, m = t.numel(); i < m; i++) {
            n += Double.isFinite(t.at(i)) ? 0 : 1;
        }
        return n;
    }

    private static List<String> shapeList(Tensor[] inputs) {
        List<String> out = new ArrayList<>(inputs.length);
        for (Tensor t : inputs) {
            out.add(t == null ? "none" : Shapes.str(t.shape));
        }
        return out;
    }

    private static String shapes(Tensor[] inputs) {
        List<String> parts = new ArrayList<>(inputs.length);
        for (Tensor t : inputs) {
            parts.add(t == null ? "none" : Shapes.str(t.shape) + (t.dtype == DType.F64 ? " F64" : ""));
        }
        return String.join(", ", parts);
    }

    /**
     * The first frame outside the tensor package (the layer, loss or user line that called the op) and, when that is
     * still inside Descent, the first frame outside Descent too. Tests and user code count as outside even in a
     * {@code dev.descent} package: a frame is Descent's when its class comes from this class's jar or directory.
     */
    private static String site() {
        List<StackWalker.StackFrame> frames = WALKER.walk(s -> s
                .filter(f -> !(ours(f) && f.getClassName().startsWith(TENSOR_PACKAGE)))
                .limit(64)
                .collect(java.util.stream.Collectors.toList()));
        if (frames.isEmpty()) {
            return "an unknown place";
        }
        StackWalker.StackFrame first = frames.get(0);
        String text = frame(first);
        if (ours(first)) {
            for (StackWalker.StackFrame f : frames) {
                if (!ours(f)) {
                    return text + ", called from " + frame(f);
                }
            }
        }
        return text;
    }

    private static boolean ours(StackWalker.StackFrame f) {
        if (!f.getClassName().startsWith(LIBRARY)) {
            return false;
        }
        java.security.CodeSource source = f.getDeclaringClass().getProtectionDomain().getCodeSource();
        return source == null || HOME == null || HOME.equals(source.getLocation());
    }

    private static java.net.URL home() {
        java.security.CodeSource source = AnomalyMode.class.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }

    private static String frame(StackWalker.StackFrame f) {
        return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
    }
}
