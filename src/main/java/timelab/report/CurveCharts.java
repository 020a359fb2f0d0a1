package timelab.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import timelab.experiment.CurveResult;

/**
 * The three charts of {@code timelab curve}, as ECharts options: throughput against load (a line per model, the
 * predictions dashed), p99 against throughput (log scale: the hockey stick), the server's threads against load. A
 * model keeps its colour in all three; each zooms along its x axis.
 */
final class CurveCharts {

    private static final List<String> PALETTE = List.of("#1f77b4", "#d95f02", "#1b9e77", "#7570b3", "#e7298a",
            "#66a61e", "#e6ab02", "#a6761d");
    private static final String GREY = "#7f7f7f";
    private static final int HEIGHT = 420;

    private CurveCharts() {}

    /** A line of (x, y) points; dashed for a prediction. */
    private record Line(String name, String colour, boolean dashed, double[] xs, double[] ys) {}

    static List<Report.Chart> of(CurveResult curve) {
        List<CurveResult.ModelCurve> models = curve.models();
        String unit = curve.sweep().unit();
        String work = curve.work().label();
        List<Report.Chart> charts = new ArrayList<>();

        List<Line> throughput = measured(models, CurveResult.Step::load, CurveResult.Step::throughput);
        throughput.addAll(predictions(models, curve.sweep()));
        charts.add(chart("curve-throughput", "Throughput as load grows (" + work + ")", "Solid: measured; dashed: "
                + "predicted, in the model's colour. Where a line flattens, the model saturated.", unit, "req/s",
                false, throughput));
        charts.add(chart("curve-p99", "p99 latency against throughput (" + work + "): the hockey stick", "Log scale: "
                + "where a line turns up, requests wait in a queue instead of being served.", "req/s", "p99, ms (log)",
                true, measured(models, CurveResult.Step::throughput, CurveResult.Step::p99Ms)));
        charts.add(chart("curve-threads", "Server threads as load grows", "Platform plus virtual threads of the "
                + "server, the most so far at each step.", unit, "threads", false, measured(models,
                        CurveResult.Step::load, s -> s.serverPlatformThreads() < 0 ? Double.NaN
                                : s.serverPlatformThreads() + Math.max(0, s.serverVirtualThreads()))));
        return charts;
    }

    private static Report.Chart chart(String id, String title, String caption, String xUnit, String yUnit,
            boolean logY, List<Line> lines) {
        ObjectNode o = Options.base("timelab-" + id, "axis");
        ((ObjectNode) o.get("tooltip")).putObject("axisPointer").put("type", "cross");
        o.set("grid", Options.grid(48, 64));
        o.set("xAxis", Options.valueAxis(xUnit, false).put("nameGap", 28));
        ObjectNode y = Options.valueAxis(yUnit, logY).put("nameLocation", "end").put("nameGap", 12);
        o.set("yAxis", y);
        ArrayNode series = o.putArray("series");
        for (Line l : lines) {
            ObjectNode s = Options.object().put("type", "line").put("name", l.name()).put("showSymbol", !l.dashed())
                    .put("symbolSize", 6);
            s.putObject("lineStyle").put("color", l.colour()).put("width", 2).put("type", l.dashed() ? "dashed"
                    : "solid");
            s.putObject("itemStyle").put("color", l.colour());
            ArrayNode data = s.putArray("data");
            for (int i = 0; i < l.xs().length; i++) {
                double v = l.ys()[i];
                ArrayNode point = data.addArray().add(round(l.xs()[i]));
                if (Double.isNaN(v) || v < 0 || (logY && v <= 0)) {
                    point.addNull();
                } else {
                    point.add(round(v));
                }
            }
            series.add(s);
        }
        Options.zoom(o, 8, 0);
        return new Report.Chart(id, "curve", title, caption, HEIGHT, o);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static List<Line> measured(List<CurveResult.ModelCurve> models, ToDoubleFunction<CurveResult.Step> x,
            ToDoubleFunction<CurveResult.Step> y) {
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            List<CurveResult.Step> steps = models.get(i).steps();
            out.add(new Line(models.get(i).model().label(), colour(i), false, steps.stream().mapToDouble(x).toArray(),
                    steps.stream().mapToDouble(y).toArray()));
        }
        return out;
    }

    /**
     * Each predicted saturation as a dashed level over the loads, in its model's colour; and once, in grey, the
     * clients' own bound N × (1 ÷ the work's mean), which no model can pass (open model: the offered rate).
     */
    private static List<Line> predictions(List<CurveResult.ModelCurve> models, CurveResult.Sweep sweep) {
        List<Line> out = new ArrayList<>();
        double[] loads = models.stream().flatMap(m -> m.steps().stream()).mapToDouble(CurveResult.Step::load)
                .distinct().sorted().toArray();
        if (loads.length == 0) {
            return out;
        }
        double[] span = {loads[0], loads[loads.length - 1]};
        for (int i = 0; i < models.size(); i++) {
            CurveResult.ModelCurve m = models.get(i);
            if (m.prediction().predicts()) {
                double v = m.prediction().perSecond();
                out.add(new Line(m.model().label() + " predicted", colour(i), true, span, new double[] {v, v}));
            }
        }
        if (sweep == CurveResult.Sweep.RATE) {
            out.add(new Line("the offered rate", GREY, true, loads, loads));
            return out;
        }
        models.stream().map(m -> m.prediction().perClient()).filter(p -> p != null).findFirst().ifPresent(per -> {
            double[] bound = new double[loads.length];
            for (int j = 0; j < loads.length; j++) {
                bound[j] = loads[j] * per;
            }
            out.add(new Line("N clients × 1 ÷ the work (the clients' bound)", GREY, true, loads, bound));
        });
        return out;
    }

    private static String colour(int i) {
        return PALETTE.get(i % PALETTE.size());
    }
}
