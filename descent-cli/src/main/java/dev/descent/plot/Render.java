package dev.descent.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.apache.batik.svggen.ImageHandlerBase64Encoder;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2DIOException;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.annotations.XYDataImageAnnotation;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.w3c.dom.Document;

/** Shared look (fonts, palette, strokes) and the PNG/SVG writer behind every chart's {@code save}. */
final class Render {

    static {
        // Charts are drawn off screen; without this AWT may try to reach a display on the first font or image.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // Images are encoded to memory: ImageIO's default cache is a temporary file in java.io.tmpdir, closed by a
        // JDK shutdown thread (StreamCloser), which a full disk can fail outside our write and without our file's name.
        ImageIO.setUseCache(false);
    }

    /** Distinct line colors (the Tableau 10 set matplotlib uses), in the order series receive them. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };

    static final Color GRID_LINE = new Color(0xe4e4e4);
    static final String FONT = Font.SANS_SERIF;

    private Render() {
    }

    /** Colours for optimizer paths drawn over viridis (contour and surface alike); they avoid the palette's green and olive, which vanish into viridis. */
    static Color pathColor(int k) {
        Color[] colors = {
            new Color(0xd62728), new Color(0xff7f0e), new Color(0x1f77b4), new Color(0xe377c2), new Color(0x111111),
            new Color(0x8c564b), new Color(0x9467bd), new Color(0x17becf),
        };
        return colors[k % colors.length];
    }

    static Color color(int series) {
        return PALETTE[series % PALETTE.length];
    }

    static Stroke stroke(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    static Shape dot(double diameter) {
        return new Ellipse2D.Double(-diameter / 2, -diameter / 2, diameter, diameter);
    }

    /** A five-pointed star centred on the origin, {@code size} pixels across. */
    static Shape star(double size) {
        Path2D.Double star = new Path2D.Double();
        for (int k = 0; k < 10; k++) {
            double r = (k % 2 == 0 ? size : size * 0.42) / 2;
            double a = Math.PI / 2 + k * Math.PI / 5;
            if (k == 0) {
                star.moveTo(r * Math.cos(a), -r * Math.sin(a));
            } else {
                star.lineTo(r * Math.cos(a), -r * Math.sin(a));
            }
        }
        star.closePath();
        return star;
    }

    static Font font(int style, int size) {
        return new Font(FONT, style, size);
    }

    /** Applies the shared theme; call it before setting series colors and annotations, which the theme resets. */
    static void theme(JFreeChart chart) {
        StandardChartTheme theme = new StandardChartTheme("descent");
        theme.setExtraLargeFont(font(Font.BOLD, 20));
        theme.setLargeFont(font(Font.PLAIN, 16));
        theme.setRegularFont(font(Font.PLAIN, 14));
        theme.setSmallFont(font(Font.PLAIN, 12));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setPlotOutlinePaint(new Color(0x999999));
        theme.setDomainGridlinePaint(GRID_LINE);
        theme.setRangeGridlinePaint(GRID_LINE);
        theme.setAxisOffset(RectangleInsets.ZERO_INSETS);
        theme.setBarPainter(new StandardBarPainter());
        theme.setXYBarPainter(new StandardXYBarPainter());
        theme.setShadowVisible(false);
        theme.setDrawingSupplier(new DefaultDrawingSupplier(PALETTE, PALETTE,
                DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        theme.apply(chart);
        chart.setPadding(new RectangleInsets(8, 8, 8, 12));
        // Color fields are small images stretched over the plot: smooth them rather than show blocks.
        chart.getRenderingHints().put(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setFrame(BlockBorder.NONE);
            legend.setItemFont(font(Font.PLAIN, 14));
        }
    }

    /**
     * The grid as an image with one pixel per grid point, covering each point's cell
     * ([x − dx/2, x + dx/2] × [y − dy/2, y + dy/2]); {@code t} holds the values to color, NaN transparent.
     */
    static XYDataImageAnnotation colorField(Grid grid, double[][] t, ColorMap colors) {
        int nx = grid.nx();
        int ny = grid.ny();
        BufferedImage image = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                image.setRGB(i, ny - 1 - j, colors.color(t[i][j]).getRGB());
            }
        }
        double dx = (grid.x(nx - 1) - grid.x(0)) / (nx - 1);
        double dy = (grid.y(ny - 1) - grid.y(0)) / (ny - 1);
        return new XYDataImageAnnotation(image, grid.x(0) - dx / 2, grid.y(0) - dy / 2, dx * nx, dy * ny, false);
    }

    /** Solid light grid lines, easier to follow than the default dashes. */
    static void gridLines(XYPlot plot) {
        plot.setDomainGridlineStroke(new BasicStroke(0.8f));
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
    }

    /**
     * Builds the chart and writes it to {@code out}: PNG for {@code .png}, SVG for {@code .svg} (any case). The
     * image is made in memory and then written whole by {@link OutputFile#write} (parent directories created).
     *
     * @throws IOException one line naming {@code out}, when the file cannot be written
     */
    static void save(Supplier<JFreeChart> chart, int width, int height, Path out) throws IOException {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean png = name.endsWith(".png");
        if (!png && !name.endsWith(".svg")) {
            throw new IllegalArgumentException("out must end in .png or .svg, was " + out);
        }
        JFreeChart built = chart.get();
        byte[] bytes;
        if (png) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(buffer, built, width, height);
            bytes = buffer.toByteArray();
        } else {
            bytes = svg(built, width, height, out).getBytes(StandardCharsets.UTF_8);
        }
        OutputFile.write(out, bytes);
    }

    private static String svg(JFreeChart chart, int width, int height, Path out) throws IOException {
        Document document;
        try {
            document = DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
                    .createDocument("http://www.w3.org/2000/svg", "svg", null);
        } catch (ParserConfigurationException e) {
            throw new IOException("no XML DOM available to build the SVG for " + out, e);
        }
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(document);
        context.setComment("Generated by Descent");
        context.setImageHandler(new PngInline());
        SVGGraphics2D g2 = new SVGGraphics2D(context, false);
        g2.setSVGCanvasSize(new Dimension(width, height));
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        StringWriter writer = new StringWriter();
        g2.stream(writer, true);
        return writer.toString();
    }

    /** Inlines images as base64 PNG written by ImageIO (Batik's own PNG writer lives in another artifact). */
    private static final class PngInline extends ImageHandlerBase64Encoder {
        @Override
        public void encodeImage(RenderedImage image, OutputStream out) throws SVGGraphics2DIOException {
            try {
                ImageIO.write(image, "png", out);
            } catch (IOException e) {
                throw new SVGGraphics2DIOException(e);
            }
        }
    }

    static void checkSize(int width, int height) {
        if (width < 50 || height < 50 || width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException(
                    "width and height must be in [50, 10000], were " + width + " and " + height);
        }
    }

    static String require(String text, String name) {
        if (text == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return text;
    }

    /** An unmodifiable copy of {@code items}, which must not be null nor hold null (nor be empty, if asked). */
    static <T> List<T> copy(List<T> items, String name, boolean nonEmpty) {
        if (items == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (nonEmpty && items.isEmpty()) {
            throw new IllegalArgumentException(name + " must hold at least one item");
        }
        for (int k = 0; k < items.size(); k++) {
            if (items.get(k) == null) {
                throw new IllegalArgumentException(name + " must not hold null, had one at index " + k);
            }
        }
        return List.copyOf(items);
    }

    /** The array as a list; a null array gives null, which {@link #copy} then reports. */
    @SafeVarargs
    static <T> List<T> list(T... items) {
        if (items == null) {
            return null;
        }
        List<T> list = new ArrayList<>(items.length);
        for (T item : items) {
            list.add(item);
        }
        return list;
    }

    static Paint withAlpha(Color color, int alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
    }
}
