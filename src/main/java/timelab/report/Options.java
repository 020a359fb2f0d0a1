package timelab.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The parts of an Apache ECharts option that every chart of a report shares, as Jackson trees: a tooltip, a legend
 * that scrolls rather than overlaps, a grid that makes room for its axis labels, a save-as-image button, zoom for
 * the charts over a continuous axis. Numbers are written as numbers; {@code timelab-charts.js} formats them (thousands
 * separators) in the page, since an option in JSON cannot hold a function.
 */
final class Options {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Options() {}

    /**
     * An option with a tooltip ({@code axis} or {@code item} trigger), the legend on top and the grid below it.
     *
     * @param imageName the file name the save-as-image button offers
     */
    static ObjectNode base(String imageName, String trigger) {
        ObjectNode o = F.objectNode();
        ObjectNode tooltip = o.putObject("tooltip").put("trigger", trigger).put("confine", true);
        if (trigger.equals("axis")) {
            tooltip.putObject("axisPointer").put("type", "shadow");
        }
        o.putObject("legend").put("type", "scroll").put("top", 0).put("left", "center");
        o.set("grid", grid(40, 36));
        o.putObject("toolbox").put("right", 8).put("top", 24).putObject("feature").putObject("saveAsImage")
                .put("name", imageName).put("title", "save as PNG");
        o.put("animation", false);
        return o;
    }

    /** A grid that makes room for its axis labels, {@code top} and {@code bottom} pixels from the edges. */
    static ObjectNode grid(int top, int bottom) {
        return F.objectNode().put("left", 8).put("right", 48).put("top", top).put("bottom", bottom)
                .put("containLabel", true);
    }

    /** A category axis of {@code labels}, every label shown. */
    static ObjectNode categoryAxis(List<String> labels) {
        ObjectNode axis = F.objectNode().put("type", "category");
        ArrayNode data = axis.putArray("data");
        labels.forEach(data::add);
        axis.putObject("axisLabel").put("interval", 0);
        return axis;
    }

    /** A value axis named {@code name} (its unit), logarithmic when {@code log}. */
    static ObjectNode valueAxis(String name, boolean log) {
        ObjectNode axis = F.objectNode().put("type", log ? "log" : "value").put("name", name)
                .put("nameLocation", "middle").put("nameGap", 28);
        if (!log) {
            axis.put("min", 0);
        }
        return axis;
    }

    /**
     * Values as JSON numbers; a value that is unknown ({@code NaN}, negative) or cannot be drawn on a log axis
     * ({@code <= 0}) is {@code null}: no bar rather than a wrong one.
     */
    static ArrayNode values(double[] values, boolean log) {
        ArrayNode a = F.arrayNode();
        for (double v : values) {
            if (Double.isNaN(v) || v < 0 || (log && v <= 0)) {
                a.addNull();
            } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                a.add((long) v);
            } else {
                a.add(Math.round(v * 1000) / 1000.0);
            }
        }
        return a;
    }

    /** A bar series; stacked with the others of the same {@code stack} unless it is null. */
    static ObjectNode bar(String name, ArrayNode data, String stack) {
        ObjectNode s = F.objectNode().put("type", "bar").put("name", name);
        if (stack != null) {
            s.put("stack", stack);
        }
        s.set("data", data);
        return s;
    }

    /**
     * A dot per category (a dot plot, for log axes, where a bar would start at 1 rather than at the axis' start):
     * {@code [value, category index]}, the value {@code null} where there is none.
     */
    static ObjectNode dots(String name, ArrayNode values, String symbol) {
        ObjectNode s = F.objectNode().put("type", "scatter").put("name", name).put("symbol", symbol)
                .put("symbolSize", 12);
        ArrayNode data = s.putArray("data");
        for (int i = 0; i < values.size(); i++) {
            data.addArray().add(values.get(i)).add(i);
        }
        return s;
    }

    /** The symbols of dot plots, one per series. */
    static final List<String> SYMBOLS = List.of("circle", "diamond", "triangle", "rect", "roundRect", "pin");

    /**
     * Zoom on the given x axes: the mouse wheel and dragging inside the grid, and a slider under it
     * ({@code sliderBottom} pixels from the bottom).
     */
    static void zoom(ObjectNode option, int sliderBottom, int... xAxes) {
        ArrayNode zoom = option.putArray("dataZoom");
        ArrayNode inside = zoom.addObject().put("type", "inside").put("filterMode", "none").putArray("xAxisIndex");
        ArrayNode slider = zoom.addObject().put("type", "slider").put("filterMode", "none").put("height", 18)
                .put("bottom", sliderBottom).putArray("xAxisIndex");
        for (int x : xAxes) {
            inside.add(x);
            slider.add(x);
        }
    }

    static ObjectNode object() {
        return F.objectNode();
    }

    static ArrayNode array() {
        return F.arrayNode();
    }

    /** Pixels for a horizontal bar chart of {@code bars} bars: room for each, the legend and the value axis. */
    static int barHeight(int bars) {
        return Math.max(220, 110 + 20 * bars);
    }
}
