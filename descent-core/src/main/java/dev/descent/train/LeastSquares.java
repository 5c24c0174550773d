package dev.descent.train;

import dev.descent.data.Dataset;

/**
 * Closed-form linear regression: the weights w and intercept b minimising Σ(w·x + b − y)², solved by Householder
 * QR of the design matrix [X 1] (numerically safer than forming the normal equations XᵀX, whose condition number
 * is the square of X's). The optimization-family tutorial's "least squares" beside gradient descent.
 */
public record LeastSquares(double[] weights, double intercept, double residualSumOfSquares) {

    /** Fits a regression data set with one target column. */
    public static LeastSquares fit(Dataset data) {
        if (data.isClassification() || data.targetWidth() != 1) {
            throw new IllegalArgumentException("least squares needs a regression data set with one target, got "
                    + data);
        }
        int n = data.size();
        int p = data.featureCount() + 1;
        if (n < p) {
            throw new IllegalArgumentException("least squares: " + n + " examples cannot determine " + p
                    + " coefficients");
        }
        double[][] a = new double[n][p];
        double[] y = new double[n];
        float[] x = data.featureValues();
        float[] t = data.targetValues();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p - 1; j++) {
                a[i][j] = x[i * (p - 1) + j];
            }
            a[i][p - 1] = 1.0;
            y[i] = t[i];
        }
        double[] beta = solve(a, y);
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double r = -y[i];
            for (int j = 0; j < p; j++) {
                r += a[i][j] * beta[j];
            }
            rss += r * r;
        }
        double[] w = java.util.Arrays.copyOf(beta, p - 1);
        return new LeastSquares(w, beta[p - 1], rss);
    }

    /** Least-squares solution of a·β ≈ y by Householder QR (Golub and Van Loan, Algorithm 5.2.1); a is overwritten. */
    static double[] solve(double[][] a, double[] y) {
        int n = a.length;
        int p = a[0].length;
        double[] b = y.clone();
        for (int k = 0; k < p; k++) {
            double norm = 0;
            for (int i = k; i < n; i++) {
                norm = Math.hypot(norm, a[i][k]);
            }
            if (norm == 0) {
                throw new IllegalArgumentException("least squares: column " + k + " is linearly dependent");
            }
            double alpha = a[k][k] > 0 ? -norm : norm;
            double[] v = new double[n];
            for (int i = k; i < n; i++) {
                v[i] = a[i][k];
            }
            v[k] -= alpha;
            double vv = 0;
            for (int i = k; i < n; i++) {
                vv += v[i] * v[i];
            }
            for (int j = k; j < p; j++) {
                double s = 0;
                for (int i = k; i < n; i++) {
                    s += v[i] * a[i][j];
                }
                s = 2 * s / vv;
                for (int i = k; i < n; i++) {
                    a[i][j] -= s * v[i];
                }
            }
            double s = 0;
            for (int i = k; i < n; i++) {
                s += v[i] * b[i];
            }
            s = 2 * s / vv;
            for (int i = k; i < n; i++) {
                b[i] -= s * v[i];
            }
        }
        double[] beta = new double[p];
        for (int k = p - 1; k >= 0; k--) {
            double s = b[k];
            for (int j = k + 1; j < p; j++) {
                s -= a[k][j] * beta[j];
            }
            beta[k] = s / a[k][k];
        }
        return beta;
    }

    @Override
    public String toString() {
        return "LeastSquares(weights=" + java.util.Arrays.toString(weights) + ", intercept=" + intercept + ")";
    }
}
