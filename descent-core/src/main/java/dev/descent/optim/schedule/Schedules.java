package dev.descent.optim.schedule;

import java.util.Arrays;
import java.util.Objects;

/** The implementations behind {@link LearningRateSchedule}'s factories, each validating its arguments. */
final class Schedules {
    private Schedules() {
    }

    record Constant(double learningRate) implements LearningRateSchedule {
        Constant {
            nonNegative("learningRate", learningRate);
        }

        @Override
        public double learningRate(int t) {
            return learningRate;
        }

        @Override
        public String toString() {
            return "Constant(learningRate=" + learningRate + ")";
        }
    }

    record Step(double baseLr, int stepSize, double gamma) implements LearningRateSchedule {
        Step {
            positive("baseLr", baseLr);
            positive("stepSize", stepSize);
            positive("gamma", gamma);
        }

        @Override
        public double learningRate(int t) {
            return baseLr * Math.pow(gamma, epoch(t) / stepSize);
        }

        @Override
        public String toString() {
            return "Step(baseLr=" + baseLr + ", stepSize=" + stepSize + ", gamma=" + gamma + ")";
        }
    }

    record MultiStep(double baseLr, int[] milestones, double gamma) implements LearningRateSchedule {
        MultiStep {
            positive("baseLr", baseLr);
            Objects.requireNonNull(milestones, "milestones");
            milestones = milestones.clone();
            for (int i = 0; i < milestones.length; i++) {
                if (milestones[i] <= 0 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                    throw new IllegalArgumentException("milestones must be positive and increasing, was "
                            + Arrays.toString(milestones));
                }
            }
            positive("gamma", gamma);
        }

        @Override
        public double learningRate(int t) {
            int passed = 0;
            for (int m : milestones) {
                if (epoch(t) >= m) {
                    passed++;
                }
            }
            return baseLr * Math.pow(gamma, passed);
        }

        @Override
        public String toString() {
            return "MultiStep(baseLr=" + baseLr + ", milestones=" + Arrays.toString(milestones) + ", gamma="
                    + gamma + ")";
        }
    }

    record Exponential(double baseLr, double gamma) implements LearningRateSchedule {
        Exponential {
            positive("baseLr", baseLr);
            positive("gamma", gamma);
        }

        @Override
        public double learningRate(int t) {
            return baseLr * Math.pow(gamma, epoch(t));
        }

        @Override
        public String toString() {
            return "Exponential(baseLr=" + baseLr + ", gamma=" + gamma + ")";
        }
    }

    record Cosine(double baseLr, int periodEpochs, double minLr) implements LearningRateSchedule {
        Cosine {
            positive("baseLr", baseLr);
            positive("periodEpochs", periodEpochs);
            nonNegative("minLr", minLr);
            if (minLr > baseLr) {
                throw new IllegalArgumentException("minLr must be <= baseLr, was " + minLr + " > " + baseLr);
            }
        }

        @Override
        public double learningRate(int t) {
            return minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * epoch(t) / periodEpochs)) / 2;
        }

        @Override
        public String toString() {
            return "Cosine(baseLr=" + baseLr + ", periodEpochs=" + periodEpochs + ", minLr=" + minLr + ")";
        }
    }

    record Linear(double baseLr, double startFactor, double endFactor, int totalEpochs)
            implements LearningRateSchedule {
        Linear {
            positive("baseLr", baseLr);
            if (!(startFactor > 0 && startFactor <= 1)) {
                throw new IllegalArgumentException("startFactor must be in (0, 1], was " + startFactor);
            }
            if (!(endFactor >= 0 && endFactor <= 1)) {
                throw new IllegalArgumentException("endFactor must be in [0, 1], was " + endFactor);
            }
            positive("totalEpochs", totalEpochs);
        }

        @Override
        public double learningRate(int t) {
            int e = Math.min(epoch(t), totalEpochs);
            return baseLr * (startFactor + (endFactor - startFactor) * e / totalEpochs);
        }

        @Override
        public String toString() {
            return "Linear(baseLr=" + baseLr + ", startFactor=" + startFactor + ", endFactor=" + endFactor
                    + ", totalEpochs=" + totalEpochs + ")";
        }
    }

    record Cyclic(double minLr, double maxLr, int stepsUp, int stepsDown, LearningRateSchedule.CyclicMode mode)
            implements LearningRateSchedule {
        Cyclic {
            positive("minLr", minLr);
            if (!(maxLr >= minLr) || Double.isInfinite(maxLr)) {
                throw new IllegalArgumentException("maxLr must be finite and >= minLr (" + minLr + "), was " + maxLr);
            }
            positive("stepsUp", stepsUp);
            positive("stepsDown", stepsDown);
            Objects.requireNonNull(mode, "mode");
        }

        /** PyTorch's formula: position x in the current cycle, rising for x ≤ up/(up+down), then falling. */
        @Override
        public double learningRate(int t) {
            double total = stepsUp + stepsDown;
            double ratio = stepsUp / total;
            double cycle = Math.floor(1 + epoch(t) / total);
            double x = 1 + epoch(t) / total - cycle;
            double height = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
            double scale = mode == LearningRateSchedule.CyclicMode.TRIANGULAR ? 1 : 1 / Math.pow(2, cycle - 1);
            return minLr + (maxLr - minLr) * height * scale;
        }

        @Override
        public String toString() {
            return "Cyclic(minLr=" + minLr + ", maxLr=" + maxLr + ", stepsUp=" + stepsUp + ", stepsDown="
                    + stepsDown + ", mode=" + mode + ")";
        }
    }

    record Sequential(LearningRateSchedule first, int milestone, LearningRateSchedule next)
            implements LearningRateSchedule {
        Sequential {
            Objects.requireNonNull(first, "first");
            positive("milestone", milestone);
            Objects.requireNonNull(next, "next");
        }

        @Override
        public double learningRate(int t) {
            return epoch(t) < milestone ? first.learningRate(t) : next.learningRate(t - milestone);
        }

        @Override
        public String toString() {
            return first + " then(at " + milestone + ") " + next;
        }
    }

    static int epoch(int t) {
        if (t < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, was " + t);
        }
        return t;
    }

    static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, was " + value);
        }
    }

    static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
    }

    static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, was " + value);
        }
    }
}
