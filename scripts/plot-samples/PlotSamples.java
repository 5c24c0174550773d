import dev.descent.plot.BarChart;
import dev.descent.plot.ContourChart;
import dev.descent.plot.CurveWithSteps;
import dev.descent.plot.Grid;
import dev.descent.plot.HeatmapChart;
import dev.descent.plot.LineChart;
import dev.descent.plot.Mark;
import dev.descent.plot.Series;
import dev.descent.plot.SurfaceChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws one sample of each chart type of {@code dev.descent.plot} from fixed, made-up data (no training, no
 * randomness), as PNG and SVG, to look at the charts' style after changing it. Usage (scripts/plot-samples.sh):
 * {@code java -cp descent-cli/target/descent.jar scripts/plot-samples/PlotSamples.java DIR}. The README's images are
 * not drawn here: they are the output of real commands (see scripts/plot-samples.sh).
 */
public final class PlotSamples {
    private final Path dir;

    private PlotSamples(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: PlotSamples DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        PlotSamples samples = new PlotSamples(dir);
        samples.lossCurve();
        samples.himmelblauContour();
        samples.himmelblauSurface();
        samples.curveWithSteps();
        samples.confusion();
        System.out.println("wrote 14 files to " + dir);
    }

    void lossCurve() throws IOException {
        int epochs = 30;
        double[] train = new double[epochs];
        double[] validation = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            train[e] = 2.3 * Math.exp(-e / 6.0) + 0.05 + 0.02 * Math.sin(e);
            validation[e] = 2.3 * Math.exp(-e / 7.0) + 0.12 + 0.004 * e + 0.03 * Math.cos(1.3 * e);
        }
        LineChart chart = LineChart.of("Loss on Fashion-MNIST", "epoch", "cross-entropy loss",
                Series.of("train", train), Series.of("validation", validation));
        save(chart::save, "loss");
        save(chart.withLogY().withMarkers()::save, "loss-log");
    }

    void himmelblauContour() throws IOException {
        Grid grid = Grid.sample(PlotSamples::himmelblau, -5, 5, -5, 5, 121);
        Series gd = descend("gradient descent", -4, -0.5, 0.01, 0.0);
        Series momentum = descend("momentum 0.9", 0.5, 4.5, 0.002, 0.9);
        ContourChart chart = ContourChart.of("Himmelblau's function", grid).withLogLevels()
                .withPaths(gd, momentum)
                .withMarks(Mark.of("(3, 2)", 3, 2), Mark.of("", -2.805118, 3.131312),
                        Mark.of("", -3.779310, -3.283186), Mark.of("", 3.584428, -1.848126));
        save(chart::save, "contour-himmelblau");
    }

    void himmelblauSurface() throws IOException {
        Grid grid = Grid.sample(PlotSamples::himmelblau, -5, 5, -5, 5, 81);
        SurfaceChart chart = SurfaceChart.of("Himmelblau's function", grid)
                .withPaths(descend("gradient descent", -4, -0.5, 0.01, 0.0),
                        descend("momentum 0.9", 0.5, 4.5, 0.002, 0.9));
        save(chart::save, "surface-himmelblau");
    }

    void curveWithSteps() throws IOException {
        double[] xs = new double[16];
        xs[0] = 7;
        for (int k = 1; k < xs.length; k++) {
            xs[k] = xs[k - 1] - 0.1 * 2 * xs[k - 1];
        }
        save(CurveWithSteps.of("Gradient descent on f(x) = x² + 5, rate 0.1", x -> x * x + 5, xs)::save,
                "curve-steps");
    }

    void confusion() throws IOException {
        List<String> labels = List.of("T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                "Sneaker", "Bag", "Boot");
        int[][] counts = new int[10][10];
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 10; c++) {
                boolean confused = (r * 31 + c * 17) % 23 < 4;
                counts[r][c] = r == c ? 820 + 15 * ((r * 7) % 10) : confused ? 40 + r + c : (r + c) % 5;
            }
        }
        save(HeatmapChart.confusion("Confusion matrix (test set)", labels, counts)::save, "confusion");
        save(BarChart.probabilities("Predicted probabilities", labels,
                new double[] {0.02, 0.01, 0.05, 0.03, 0.7, 0.0, 0.15, 0.0, 0.03, 0.01})::save, "probabilities");
    }

    static double himmelblau(double x, double y) {
        return Math.pow(x * x + y - 11, 2) + Math.pow(x + y * y - 7, 2);
    }

    /** Gradient descent with heavy-ball momentum on Himmelblau's function, 40 steps. */
    static Series descend(String name, double x0, double y0, double rate, double momentum) {
        int steps = 40;
        double[] xs = new double[steps + 1];
        double[] ys = new double[steps + 1];
        double x = x0;
        double y = y0;
        double vx = 0;
        double vy = 0;
        xs[0] = x;
        ys[0] = y;
        for (int k = 1; k <= steps; k++) {
            double a = x * x + y - 11;
            double b = x + y * y - 7;
            double gx = 4 * a * x + 2 * b;
            double gy = 2 * a + 4 * b * y;
            vx = momentum * vx + gx;
            vy = momentum * vy + gy;
            x -= rate * vx;
            y -= rate * vy;
            xs[k] = x;
            ys[k] = y;
        }
        return Series.of(name, xs, ys);
    }

    private interface Saver {
        void save(Path out) throws IOException;
    }

    private void save(Saver saver, String name) throws IOException {
        for (String ext : new String[] {".png", ".svg"}) {
            Path out = dir.resolve(name + ext);
            saver.save(out);
            if (Files.size(out) == 0) {
                throw new IOException("empty image: " + out);
            }
        }
    }
}
