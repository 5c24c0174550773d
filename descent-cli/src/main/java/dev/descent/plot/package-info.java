/**
 * Static charts saved as PNG or SVG: loss curves, contour maps with optimizer paths, surfaces, gradient-descent
 * steps on a curve, confusion heatmaps, bar charts, and Graphviz rendering of DOT text.
 *
 * <p>Every chart is a record built by a static factory ({@code LineChart.of(...)}) and refined with a few
 * {@code withX} methods; {@code save(Path)} picks PNG or SVG by the file's extension. Drawing is done by
 * JFreeChart, SVG is written by Batik's SVG generator, and rendering is headless. The package takes primitive arrays
 * and its own small records as input, never engine types, so it stays independent of {@code descent-core}'s
 * engine; files are written whole through the core's {@code io.AtomicFiles} ({@link dev.descent.plot.OutputFile}).
 */
package dev.descent.plot;
