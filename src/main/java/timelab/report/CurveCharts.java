package timelab.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import timelab.experiment.CurveResult;

/**
 * The three charts of {@code timelab curve}: throughput against load (a line per model, the predictions dashed),
 * p99 against throughput (log scale: the hockey stick), the server's threads against load. A model keeps its colour
 * in all three.
 */
final class CurveCharts {

    private CurveCharts() {}

    static List<Report.Chart> draw(CurveResult curve, Path dir) throws IOException {
        List<CurveResult.ModelCurve> models = curve.models();
        String unit = curve.sweep().unit();
        List<Report.Chart> charts = new ArrayList<>();

        List<LineChart.Series> throughput = measured(models, CurveResult.Step::load, CurveResult.Step::throughput);
        throughput.addAll(predictions(models, curve.sweep()));
        String work = curve.work().label();
        charts.add(chart(new LineChart("Throughput as load grows (" + work + "); dashed: predicted", unit, "req/s",
                throughput, false, false), "curve-throughput", dir));

        charts.add(chart(new LineChart("p99 latency against throughput (" + work + "): the hockey stick", "req/s",
                "p99 ms (log)", measured(models, CurveResult.Step::throughput, CurveResult.Step::p99Ms), false, true),
                "curve-p99", dir));

        charts.add(chart(new LineChart("Server threads (platform + virtual, most so far) as load grows", unit,
                "threads", measured(models, CurveResult.Step::load,
                        s -> s.serverPlatformThreads() < 0 ? Double.NaN
                                : s.serverPlatformThreads() + Math.max(0, s.serverVirtualThreads())), false, false),
                "curve-threads", dir));
        return charts;
    }

    private static Report.Chart chart(LineChart c, String name, Path dir) throws IOException {
        String file = "charts/" + name + ".png";
        c.write(dir.resolve(file));
        return new Report.Chart(file, "curve", c.title());
    }

    private static List<LineChart.Series> measured(List<CurveResult.ModelCurve> models,
            ToDoubleFunction<CurveResult.Step> x, ToDoubleFunction<CurveResult.Step> y) {
        List<LineChart.Series> out = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            List<CurveResult.Step> steps = models.get(i).steps();
            out.add(new LineChart.Series(models.get(i).model().label(), i, false,
                    steps.stream().mapToDouble(x).toArray(), steps.stream().mapToDouble(y).toArray()));
        }
        return out;
    }

    /**
     * Each predicted saturation as a dashed level over the loads, in its model's colour; and once, in grey, the
     * clients' own bound N × (1 ÷ the work's mean), which no model can pass (open model: the offered rate).
     */
    private static List<LineChart.Series> predictions(List<CurveResult.ModelCurve> models,
            CurveResult.Sweep sweep) {
        List<LineChart.Series> out = new ArrayList<>();
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
                out.add(new LineChart.Series(m.model().label() + " predicted", i, true, span, new double[] {v, v}));
            }
        }
        if (sweep == CurveResult.Sweep.RATE) {
            out.add(new LineChart.Series("the offered rate", LineChart.PALETTE.length - 1, true, loads, loads));
            return out;
        }
        models.stream().map(m -> m.prediction().perClient()).filter(p -> p != null).findFirst().ifPresent(per -> {
            double[] bound = new double[loads.length];
            for (int j = 0; j < loads.length; j++) {
                bound[j] = loads[j] * per;
            }
            out.add(new LineChart.Series("N clients × 1 ÷ the work (the clients' bound)",
                    LineChart.PALETTE.length - 1, true, loads, bound));
        });
        return out;
    }
}
