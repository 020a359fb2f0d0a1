// scripts/check-report.js: the page side of scripts/check-report. That script loads this file first thing in the
// report page's <head> (so it sees every later script's errors), loads the page in headless Chromium at one window
// width and reads back what this file writes: the base64 of UTF-8 lines in <pre id="timelab-check">, each
//   W<TAB>problem     a problem at this width (an element too wide, a horizontal scroll, an empty chart, a chart's
//                     text cut off or overlapping another)
//   A<TAB>problem     a problem at any width (a JavaScript error, a missing image, a #fragment with no element)
//   F<TAB>path<TAB>href<TAB>element   a relative link to a file, for the script to look for on disk
//   D<TAB>done        the checks ran to the end
// The checks run once the page has loaded and settled, after every <details> has been opened and has settled too,
// so what is measured is what a reader who opens everything sees.
(function () {
  'use strict';
  var SETTLE_MS = 1000;
  var errors = [];

  function describe(el) {
    var d = el.tagName.toLowerCase();
    if (el.id) {
      d += '#' + el.id;
    }
    var cls = (el.getAttribute('class') || '').trim();
    if (cls) {
      d += '.' + cls.split(/\s+/).slice(0, 3).join('.');
    }
    return d;
  }

  function shortText(s, max) {
    s = (s || '').replace(/\s+/g, ' ').trim();
    return s.length > max ? s.slice(0, max - 1) + '…' : s;
  }

  // The element, its first words, and the heading of the section it is in: enough to find it in the page.
  function where(el) {
    var d = describe(el);
    var text = shortText(el.innerText || el.textContent, 40);
    if (text && !/^(html|body)$/.test(el.tagName.toLowerCase())) {
      d += ' "' + text + '"';
    }
    var heading = null;
    var hs = document.querySelectorAll('h1, h2, h3, h4');
    for (var i = 0; i < hs.length; i++) {
      if (hs[i] !== el && (hs[i].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) {
        heading = hs[i];
      }
    }
    if (heading) {
      d += ' under "' + shortText(heading.textContent, 50) + '"';
    }
    return d;
  }

  window.addEventListener('error', function (e) {
    var t = e.target;
    if (t && t !== window && t.tagName) {
      if (t.tagName !== 'IMG') { // images are checked one by one below
        errors.push('could not load ' + describe(t) + ' ' + (t.getAttribute('src') || t.getAttribute('href') || ''));
      }
      return;
    }
    errors.push('JavaScript error: ' + e.message + (e.filename ? ' (' + e.filename.replace(/^.*\//, '') + ':'
        + e.lineno + ')' : ''));
  }, true);
  window.addEventListener('unhandledrejection', function (e) {
    errors.push('JavaScript error: unhandled rejection: ' + (e.reason && e.reason.message || e.reason));
  });
  var consoleError = console.error;
  console.error = function () {
    errors.push('JavaScript console.error: ' + shortText(Array.prototype.map.call(arguments, String).join(' '), 200));
    return consoleError.apply(console, arguments);
  };

  function px(v) {
    return Math.round(v) + ' px';
  }

  // Does an ancestor of el (up to body) contain its horizontal overflow (clip it or scroll it)?
  function contained(el) {
    for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') {
        return true;
      }
    }
    return false;
  }

  function checkWidths(out) {
    var vw = document.documentElement.clientWidth;
    var page = document.documentElement.scrollWidth;
    if (page > vw) {
      out.push('W\tthe page scrolls horizontally: ' + px(page) + ' wide in a ' + px(vw) + ' viewport');
    }
    var reported = [];
    var all = document.body.querySelectorAll('*');
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (el.id === 'timelab-check' || el.getClientRects().length === 0) {
        continue;
      }
      var style = getComputedStyle(el);
      if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
        out.push('W\t' + where(el) + ' scrolls horizontally: ' + px(el.scrollWidth) + ' of content in '
            + px(el.clientWidth));
      }
      var r = el.getBoundingClientRect();
      if ((r.right > vw + 0.5 || r.left < -0.5) && !contained(el) && !reported.some(function (a) {
        return a.contains(el);
      })) {
        reported.push(el);
        out.push('W\t' + where(el) + ' is ' + px(r.width) + ' wide, from ' + px(r.left) + ' to ' + px(r.right)
            + ', in a ' + px(vw) + ' viewport');
      }
    }
  }

  function checkCharts(out) {
    var charts = document.querySelectorAll('div.chart');
    for (var i = 0; i < charts.length; i++) {
      var drawn = Array.prototype.some.call(charts[i].querySelectorAll('canvas, svg'), function (g) {
        var r = g.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      });
      if (!drawn) {
        var r = charts[i].getBoundingClientRect();
        out.push('W\t' + where(charts[i]) + ' (' + px(r.width) + ' × ' + px(r.height)
            + ') has no drawn canvas or svg');
      }
    }
  }

  // The box of the ink of one of zrender's text elements, in the chart's pixels: across, zrender's measured width;
  // down, 0.7 of the font's size (a capital's height) around the line's middle, where zrender draws it. zrender's
  // own line height comes from measuring a CJK glyph, so it is wrong where no CJK font is installed (headless
  // Chromium on a server): the middle it draws at is right, the height is not.
  function textBox(el) {
    var size = +((/(\d+(?:\.\d+)?)px/.exec(el.style.font || '') || [0, 12])[1]);
    var r = el.getBoundingRect().clone();
    r.y = r.y + r.height / 2 - 0.35 * size;
    r.height = 0.7 * size;
    var m = el.getComputedTransform();
    if (m) {
      r.applyTransform(m);
    }
    return r;
  }

  // In an ECharts chart, every title, label and legend text lies inside the chart and overlaps no other.
  function checkChartTexts(out) {
    if (!window.echarts) {
      return;
    }
    var charts = document.querySelectorAll('div.chart');
    for (var i = 0; i < charts.length; i++) {
      var chart = echarts.getInstanceByDom(charts[i]);
      if (!chart) {
        continue;
      }
      var zr = chart.getZr();
      var w = zr.getWidth();
      var h = zr.getHeight();
      var texts = zr.storage.getDisplayList(true).filter(function (el) {
        return (el.type === 'tspan' || el.type === 'text') && !el.ignore && !el.invisible && el.style.text;
      }).map(function (el) {
        return {text: String(el.style.text), box: textBox(el)};
      });
      texts.forEach(function (t, k) {
        var b = t.box;
        var cut = [b.x < -0.5 ? 'left' : '', b.x + b.width > w + 0.5 ? 'right' : '', b.y < -0.5 ? 'top' : '',
          b.y + b.height > h + 0.5 ? 'bottom' : ''].filter(Boolean);
        if (cut.length) {
          out.push('W\t' + where(charts[i]) + ': "' + shortText(t.text, 40) + '" is cut off at the ' + cut.join(' and ')
              + ' (' + px(b.x) + '–' + px(b.x + b.width) + ' across, ' + px(b.y) + '–' + px(b.y + b.height)
              + ' down, in a ' + w + ' × ' + h + ' px chart)');
        }
        texts.slice(k + 1).forEach(function (u) {
          var c = u.box;
          var across = Math.min(b.x + b.width, c.x + c.width) - Math.max(b.x, c.x);
          var down = Math.min(b.y + b.height, c.y + c.height) - Math.max(b.y, c.y);
          if (across > 2 && down > 2) {
            out.push('W\t' + where(charts[i]) + ': "' + shortText(t.text, 40) + '" and "' + shortText(u.text, 40)
                + '" overlap');
          }
        });
      });
    }
  }

  function checkImages(out) {
    var images = document.images;
    for (var i = 0; i < images.length; i++) {
      var img = images[i];
      if (!img.complete || img.naturalWidth === 0) {
        out.push('A\tmissing image: ' + where(img) + ' src="' + img.getAttribute('src') + '"');
      }
    }
  }

  function checkLinks(out) {
    var links = document.querySelectorAll('a[href]');
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      var href = a.getAttribute('href');
      if (href.charAt(0) === '#') {
        var id = decodeURIComponent(href.slice(1));
        if (id && !document.getElementById(id) && document.getElementsByName(id).length === 0) {
          out.push('A\tbroken link: ' + where(a) + ' href="' + href + '": no element has that id');
        }
      } else if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(href) && href.charAt(0) !== '/') {
        var url = new URL(href, location.href);
        out.push('F\t' + decodeURIComponent(url.pathname) + '\t' + href + '\t' + where(a));
      } else if (/^file:/i.test(href) || href.charAt(0) === '/') {
        out.push('A\tbroken link: ' + where(a) + ' href="' + href + '" is absolute: the report folder cannot move');
      }
    }
  }

  function verdict() {
    var out = [];
    checkWidths(out);
    checkCharts(out);
    checkChartTexts(out);
    checkImages(out);
    checkLinks(out);
    errors.forEach(function (e) {
      out.push('A\t' + shortText(e, 300));
    });
    out.push('D\tdone');
    var pre = document.createElement('pre');
    pre.id = 'timelab-check';
    pre.style.display = 'none';
    pre.textContent = btoa(unescape(encodeURIComponent(out.join('\n') + '\n')));
    document.body.appendChild(pre);
  }

  window.addEventListener('load', function () {
    setTimeout(function () {
      var details = document.querySelectorAll('details');
      for (var i = 0; i < details.length; i++) {
        details[i].open = true;
      }
      setTimeout(verdict, SETTLE_MS);
    }, SETTLE_MS);
  });
})();
