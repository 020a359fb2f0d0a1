/*
 * timelab's report charts: draws every <div class="chart"> of the page with Apache ECharts (echarts.min.js, next to
 * this file), from the option in the <script type="application/json" data-chart="ID"> that follows it, which the
 * report wrote with Jackson. Numbers get thousands separators; every chart follows the window's width.
 */
(function () {
  'use strict';

  function number(v) {
    if (typeof v !== 'number' || !isFinite(v)) {
      return v == null ? '-' : String(v);
    }
    var a = Math.abs(v);
    var digits = a >= 100 || Math.round(v) === v ? 0 : a >= 10 ? 1 : 2;
    return v.toLocaleString('en-US', {maximumFractionDigits: digits});
  }

  function each(x, f) {
    if (Array.isArray(x)) {
      x.forEach(f);
    } else if (x) {
      f(x);
    }
  }

  // a dot plot's point is [value, category index]: say the category and the value
  function dot(option) {
    return function (p) {
      var categories = option.yAxis.data || [];
      return p.marker + p.seriesName + ', ' + categories[p.value[1]] + ': <b>' + number(p.value[0]) + '</b>';
    };
  }

  function decorate(option) {
    var dots = (option.series || []).some(function (s) {
      return s.type === 'scatter';
    });
    each(option.tooltip, function (t) {
      t.valueFormatter = number;
      if (dots) {
        t.formatter = dot(option);
      }
    });
    each(option.xAxis, axis);
    each(option.yAxis, axis);
    (option.series || []).forEach(function (s) {
      if (s.markPoint) {
        s.markPoint.label = s.markPoint.label || {};
        s.markPoint.label.formatter = function (p) {
          return number(p.value);
        };
      }
    });
    return option;
  }

  function axis(a) {
    if (a.type === 'value' || a.type === 'log') {
      a.axisLabel = a.axisLabel || {};
      a.axisLabel.formatter = number;
    }
  }

  var charts = [];
  document.querySelectorAll('div.chart').forEach(function (div) {
    var json = document.querySelector('script[data-chart="' + div.id + '"]');
    if (!json || typeof echarts === 'undefined') {
      div.textContent = 'This chart needs echarts.min.js next to the report and JavaScript enabled.';
      return;
    }
    var chart = echarts.init(div);
    chart.setOption(decorate(JSON.parse(json.textContent)));
    charts.push(chart);
  });
  function resize() {
    charts.forEach(function (c) {
      c.resize();
    });
  }
  window.addEventListener('resize', resize);
  // a chart in a closed <details> was drawn zero wide: draw it again when it opens
  document.querySelectorAll('details').forEach(function (d) {
    d.addEventListener('toggle', resize);
  });
})();
