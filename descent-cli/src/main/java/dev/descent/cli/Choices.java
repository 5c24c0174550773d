package dev.descent.cli;

import dev.descent.minimize.Method;
import dev.descent.loss.LossKind;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.optim.OptimizerKind;
import dev.descent.train.StopRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The closed choices of {@code train}, {@code lr-find} and {@code minimize}, read from the core's registries: picocli converters that
 * turn a name into the core's type once (an unknown name is a usage error naming the choices and, by
 * {@link DidYouMean}, the nearest one), and the candidate lists that {@code ${COMPLETION-CANDIDATES}} puts into the
 * help. Which of the registry's entries a command offers is said here, once.
 */
final class Choices {
    private Choices() {
    }

    /** The optimizers {@code train} offers: all but those that build the full Hessian (Newton), too big for a network. */
    static List<OptimizerKind> optimizers() {
        return Arrays.stream(OptimizerKind.values()).filter(k -> !k.buildsHessian()).toList();
    }

    /** The losses {@code train} offers: all but nll, whose log-probabilities these models do not output. */
    static List<LossKind> losses() {
        return Arrays.stream(LossKind.values()).filter(k -> !k.takesLogProbabilities()).toList();
    }

    /** The hidden-layer activations: all but softmax, which is for outputs. */
    static List<Activation.Kind> hiddenActivations() {
        return Arrays.stream(Activation.Kind.values()).filter(k -> k != Activation.Kind.SOFTMAX).toList();
    }

    /** "unknown loss 'mse2'; expected one of …; did you mean mse?" */
    static String unknown(String what, String typed, List<String> names) {
        return "unknown " + what + " '" + typed + "'; expected one of " + String.join(", ", names)
                + DidYouMean.hint(typed, names);
    }

    /** Parses with the registry's parser; a name it does not know, or one not offered, is a conversion error. */
    private static <T> T convert(String what, String value, Function<String, T> parse, List<T> offered,
                                 Function<T, String> label) {
        List<String> names = offered.stream().map(label).toList();
        T found;
        try {
            found = parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(unknown(what, value, names));
        }
        if (!offered.contains(found)) {
            throw new TypeConversionException(what + " '" + value + "' is not offered by this command; expected one of "
                    + String.join(", ", names));
        }
        return found;
    }

    /** {@code --optimizer}. */
    static final class OptimizerConverter implements ITypeConverter<OptimizerKind> {
        @Override
        public OptimizerKind convert(String value) {
            return Choices.convert("optimizer", value, OptimizerKind::parse, optimizers(), OptimizerKind::label);
        }
    }

    /** {@code --loss}; nll is refused with the loss to use instead. */
    static final class LossConverter implements ITypeConverter<LossKind> {
        @Override
        public LossKind convert(String value) {
            try {
                if (LossKind.parse(value).takesLogProbabilities()) {
                    throw new TypeConversionException(value + " needs log-probabilities, which these models do not"
                            + " output; use cross-entropy (softmax and nll in one stable step)");
                }
            } catch (IllegalArgumentException e) {
                // an unknown name: said below, with the choices
            }
            return Choices.convert("loss", value, LossKind::parse, losses(), LossKind::label);
        }
    }

    /** {@code --activation} of the hidden layers; softmax is refused as an output activation. */
    static final class ActivationConverter implements ITypeConverter<Activation.Kind> {
        @Override
        public Activation.Kind convert(String value) {
            try {
                if (Activation.Kind.parse(value) == Activation.Kind.SOFTMAX) {
                    throw new TypeConversionException("softmax is for outputs; pick one of "
                            + String.join(", ", labels(hiddenActivations(), Activation.Kind::label))
                            + " for hidden layers");
                }
            } catch (IllegalArgumentException e) {
                // an unknown name: said below, with the choices
            }
            return Choices.convert("activation", value, Activation.Kind::parse, hiddenActivations(),
                    Activation.Kind::label);
        }
    }

    /** {@code --init}: an initializer, or null for {@code auto} (the one {@link Init#forActivation} picks). */
    static final class InitConverter implements ITypeConverter<Init> {
        static final String AUTO = "auto";

        @Override
        public Init convert(String value) {
            if (value.strip().equalsIgnoreCase(AUTO)) {
                return null;
            }
            List<String> names = new ArrayList<>(Init.labels());
            names.add(AUTO);
            try {
                return Init.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(unknown("initializer", value, names));
            }
        }
    }

    /** {@code --until loss<1e-3,grad<1e-4}: the stopping rules, read once. */
    static final class UntilConverter implements ITypeConverter<StopRules> {
        @Override
        public StopRules convert(String value) {
            StopRules rules = StopRules.none();
            for (String part : value.split(",")) {
                String p = part.strip().toLowerCase(Locale.ROOT).replace(" ", "");
                int lt = p.indexOf('<');
                String name = lt < 0 ? p : p.substring(0, lt);
                double threshold;
                try {
                    threshold = lt < 0 ? Double.NaN : Double.parseDouble(p.substring(lt + 1));
                } catch (NumberFormatException e) {
                    threshold = Double.NaN;
                }
                if (Double.isNaN(threshold) || !(name.equals("loss") || name.equals("grad"))) {
                    throw new TypeConversionException("'" + value
                            + "': expected loss<NUMBER or grad<NUMBER (joined by ',')");
                }
                rules = name.equals("loss") ? rules.withLossBelow(threshold) : rules.withGradientNormBelow(threshold);
            }
            return rules;
        }
    }

    /** {@code minimize --optimizer}: one of the lessons' {@link Method}s ({@code sgd} is {@code gd} there). */
    static final class MethodConverter implements ITypeConverter<Method> {
        @Override
        public Method convert(String value) {
            try {
                return Method.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage()
                        + DidYouMean.hint(value, labels(Arrays.asList(Method.values()), Method::key)));
            }
        }
    }

    /** {@code ${COMPLETION-CANDIDATES}} of {@code minimize --optimizer} and {@code landscape --optimizers}. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return labels(Arrays.asList(Method.values()), Method::key).iterator();
        }
    }

    private static <T> List<String> labels(List<T> kinds, Function<T, String> label) {
        return kinds.stream().map(label).toList();
    }

    /** {@code ${COMPLETION-CANDIDATES}} of {@code --optimizer}. */
    static final class OptimizerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return labels(optimizers(), k -> k.label() + (k.fullBatch() ? " (full batch)" : "")).iterator();
        }
    }

    /** {@code ${COMPLETION-CANDIDATES}} of {@code --loss}. */
    static final class LossNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return labels(losses(), LossKind::label).iterator();
        }
    }

    /** {@code ${COMPLETION-CANDIDATES}} of {@code --activation}. */
    static final class ActivationNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return labels(hiddenActivations(), Activation.Kind::label).iterator();
        }
    }

    /** {@code ${COMPLETION-CANDIDATES}} of {@code --init}. */
    static final class InitNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>(Init.labels());
            names.add(InitConverter.AUTO);
            return names.iterator();
        }
    }

    /**
     * The default learning rates for {@code --lr}'s help, grouped as the registry gives them: "gd/sgd 3 with a
     * squared-error loss (quadratic, mse, sse), else 0.1", "momentum/nesterov 0.3 (squared error), else 0.01", ….
     */
    static final class LearningRateDefaults implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            String squared = "with a squared-error loss (" + String.join(", ", labels(Arrays.stream(LossKind.values())
                    .filter(LossKind::squaredError).toList(), LossKind::label)) + ")";
            List<String> groups = new ArrayList<>();
            List<OptimizerKind> left = new ArrayList<>(optimizers());
            while (!left.isEmpty()) {
                OptimizerKind first = left.get(0);
                double a = first.defaultLearningRate(true);
                double b = first.defaultLearningRate(false);
                List<OptimizerKind> same = left.stream()
                        .filter(k -> k.defaultLearningRate(true) == a && k.defaultLearningRate(false) == b).toList();
                left.removeAll(same);
                String names = String.join("/", labels(same, OptimizerKind::label));
                if (a == b) {
                    groups.add(names + " " + Numbers.compact(a));
                } else {
                    groups.add(names + " " + Numbers.compact(a) + " " + squared + ", else " + Numbers.compact(b));
                    squared = "(squared error)";
                }
            }
            return groups.iterator();
        }
    }
}
