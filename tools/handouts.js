/* Handout figures that read on a phone. Below PHONE px of window, each figure is laid out again
   from its own desktop layout (kept at first draw: no second copy of the figure) by the rules
   below plus the hints its builder put in layout.meta.phone; at wider windows it gets its own
   layout back. Plotly's responsive config keeps every figure as wide as its box.
   handoutLayout.settled() resolves once every figure is drawn for the current window. */
(() => {
  const PHONE = 600;        // px of window: below it, figures take their phone layout
  const CHAR = 0.6;         // glyph width per px of font size, a little generous (wrapping text)
  const MIN_FONT = 12;      // no text smaller than this on a phone
  const get = (o, path) => path.split(/[.[\]]+/).filter(Boolean).reduce((v, k) => (v == null ? undefined : v[k]), o);
  const copy = v => (v === undefined ? null : JSON.parse(JSON.stringify(v)));
  const plain = s => s.replace(/<[^>]+>/g, '');
  const figures = () => [...document.querySelectorAll('.js-plotly-plot')];

  function wrap(text, chars) {
    const lines = [];
    for (const word of text.replace(/<br\s*\/?>/g, ' ').split(/\s+/).filter(Boolean)) {
      const last = lines.length - 1;
      if (last >= 0 && plain(lines[last] + ' ' + word).length <= chars) lines[last] += ' ' + word;
      else lines.push(word);
    }
    return lines.join('<br>');
  }

  // Mercator height of a latitude, in degrees (a map's width / height follows from its ranges).
  const mercator = lat => (Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * 180) / Math.PI;
  function aspect(geo) {
    const [lon0, lon1] = get(geo, 'lonaxis.range') || [0, 360];
    const [lat0, lat1] = get(geo, 'lataxis.range') || [-60, 85];
    return (lon1 - lon0) / (mercator(lat1) - mercator(lat0));
  }

  // The phone layout of one figure `width` px wide: {layout: {key: value}, traces: {i: {key: value}}}.
  function phoneRules(gd, width) {
    const desk = gd._desktop.layout, full = gd._fullLayout, hints = get(desk, 'meta.phone') || {};
    const layout = {}, traces = {};
    const margin = side => get(desk, `margin.${side}`) ?? 80;
    layout['margin.l'] = Math.min(margin('l'), 8);
    // (bars labelled beyond their end keep the room on the right that their labels need)
    const labelledBars = gd._desktop.data.some(t => t.type === 'bar' && t.text && t.textposition === 'outside');
    layout['margin.r'] = Math.min(margin('r'), labelledBars ? 84 : 8);
    let top = margin('t'), bottom = margin('b'), height = desk.height || 450;
    const plotWidth = width - layout['margin.l'] - layout['margin.r'];
    // Long titles wrap at the figure's width.
    const title = get(desk, 'title.text');
    if (title) {
      const size = Math.max(get(full, 'title.font.size') || 20, MIN_FONT);
      const text = wrap(title, Math.floor((width - 40) / (size * CHAR)));
      const lines = text.split('<br>').length;
      const extra = (lines - title.split(/<br\s*\/?>/).length) * Math.round(size * 1.5 + 10);
      top += extra;
      height += extra;
      layout['title.text'] = text;
      gd._titleLines = lines;
      layout['title.yanchor'] = 'top';
    }
    // A legend on the right goes under the plot (under a map; at the foot of a chart, clear of its axis).
    const geos = Object.keys(desk).filter(k => /^geo\d*$/.test(k)).sort();
    if (full.showlegend && get(desk, 'legend.orientation') !== 'h') {
      Object.assign(layout, {'legend.orientation': 'h', 'legend.x': 0, 'legend.xanchor': 'left'},
        geos.length ? {'legend.y': -0.02, 'legend.yanchor': 'top', 'legend.yref': 'paper'}
                    : {'legend.y': 0, 'legend.yanchor': 'bottom', 'legend.yref': 'container'});
    }
    // Buttons in a row become one drop-down, as far above the plot in pixels as before (the whole
    // list is replaced).
    const deskPlot = (desk.height || 450) - margin('t') - margin('b');
    const menus = (desk.updatemenus || []).map(menu => ((menu.buttons || []).length > 2 ? {...copy(menu), type: 'dropdown', direction: 'down'} : copy(menu)));
    if (get(desk, 'legend.title.text')) layout['legend.title.side'] = 'top';
    // Long axis titles and legend entries wrap.
    for (const ax of Object.keys(desk).filter(k => /^[xy]axis\d*$/.test(k))) {
      const text = get(desk, `${ax}.title.text`), size = get(full, `${ax}.title.font.size`) || 16;
      if (text && plain(text).length * size * CHAR > plotWidth) layout[`${ax}.title.text`] = wrap(text, Math.floor(plotWidth / (size * CHAR)));
    }
    const legendChars = Math.floor((plotWidth - 60) / ((get(full, 'legend.font.size') || 16) * CHAR));
    const names = {};
    gd._desktop.data.forEach((trace, i) => {
      if (trace.name && plain(trace.name).length > legendChars) names[i] = {name: wrap(trace.name, legendChars)};
    });
    // Maps take the full width, one under the other, each as tall as its shape needs.
    if (geos.length) {
      const gap = hints.mapGap ?? 40;
      const heights = geos.map(g => plotWidth / aspect(desk[g]));
      const total = heights.reduce((a, b) => a + b, 0) + gap * (geos.length - 1);
      let y = 1;
      geos.forEach((g, i) => {
        layout[`${g}.domain.x`] = [0, 1];
        layout[`${g}.domain.y`] = [Math.max(0, y - heights[i] / total), y];
        y -= (heights[i] + gap) / total;
      });
      height = top + bottom + Math.round(total);
      gd._plotHeight = Math.round(total);
    }
    // Dense ticks thin out by rule: every other (third...) step of an axis with a fixed step
    // (every other year or stop), and a few dates on a date axis.
    for (const ax of Object.keys(full).filter(k => /^xaxis\d*$/.test(k))) {
      const axis = full[ax], step = get(desk, `${ax}.dtick`);
      if (axis.type === 'date') layout[`${ax}.nticks`] = Math.max(2, Math.floor(plotWidth / 95));
      else if (typeof step === 'number' && axis.range) {
        const count = Math.abs(axis.range[1] - axis.range[0]) / step;
        const size = get(axis, 'tickfont.size') || MIN_FONT;
        const longest = Math.max(...(axis._vals || []).map(v => String(v.text || '').length), 2);
        const each = longest * size * 0.62 + 10;
        const every = Math.ceil((count * each) / (plotWidth * (get(axis, 'domain.1') - get(axis, 'domain.0') || 1)));
        if (every > 1) layout[`${ax}.dtick`] = step * every;
      }
    }
    // Point labels on the right half of the plot go to the left of their point. A timeline
    // (hint rowLabels) names each event beside its marker instead of in a column on the left.
    const ticks = {}, rows = hints.rowLabels && get(desk, 'yaxis.tickvals');
    if (rows) {
      rows.forEach((y, k) => { ticks[y] = plain(String(get(desk, 'yaxis.ticktext')[k]).replace(/<br\s*\/?>/g, ' ')); });
      layout['yaxis.showticklabels'] = false;
    }
    const GAP = '\u2003\u2002';
    gd._desktop.data.forEach((trace, i) => {
      const axis = full[(trace.xaxis || 'x').replace('x', 'xaxis')];
      const sides = trace.textposition;
      if (!trace.text || !axis || !axis.range || !sides || !String(sides).includes('right') && !rows) return;
      const middle = (axis.r2l(axis.range[0]) + axis.r2l(axis.range[1])) / 2;
      const position = (trace.x || []).map((x, k) => {
        const side = Array.isArray(sides) ? sides[k] : sides;
        return axis.d2l(x) > middle ? side.replace('right', 'left') : side.replace('left', 'right');
      });
      const update = {textposition: position};
      if (rows) {
        const chars = Math.floor((plotWidth / 2 - 24) / (get(trace, 'textfont.size') || 14) / CHAR);
        update.text = trace.text.map((text, k) => {
          const label = wrap(String(text).trim() + (ticks[trace.y[k]] ? `: ${ticks[trace.y[k]]}` : ''), chars);
          return position[k].includes('left') ? label.replace(/<br>/g, `${GAP}<br>`) + GAP : GAP + label.replace(/<br>/g, `<br>${GAP}`);
        });
      }
      traces[i] = update;
    });
    if (rows) {  // rows far enough apart for the longest label
      const lines = Math.max(2, ...Object.values(traces).flatMap(t => (t.text || []).map(x => x.split('<br>').length)));
      height = top + bottom + rows.length * Math.max(hints.rowPx || 58, lines * 18 + 10);
    }
    // Bars across: their category names wrap narrower, and their labels wrap into the room on the right.
    const categories = new Set();
    let lines = 0;
    gd._desktop.data.forEach((trace, i) => {
      if (trace.type !== 'bar' || trace.orientation !== 'h' || !Array.isArray(trace.y)) return;
      const y = trace.y.map(name => wrap(String(name), 18));
      y.forEach(name => { categories.add(name); lines = Math.max(lines, name.split('<br>').length); });
      traces[i] = {...traces[i], y};
    });
    height += categories.size * Math.max(0, lines * 19 + 14 - 48);  // 48 px a bar on a desktop
    for (const ax of Object.keys(full).filter(k => /^xaxis\d*$/.test(k))) {
      if (full[ax].type === 'linear' && get(desk, `${ax}.dtick`) === undefined && labelledBars) layout[`${ax}.nticks`] = 4;
    }
    // Bar labels beyond the bar's end wrap into the room on the right.
    gd._desktop.data.forEach((trace, i) => {
      if (trace.type !== 'bar' || trace.textposition !== 'outside' || !Array.isArray(trace.text)) return;
      const chars = Math.max(6, Math.floor((layout['margin.r'] - 12) / ((get(trace, 'textfont.size') || 16) * CHAR)));
      traces[i] = {...traces[i], text: trace.text.map(t => wrap(String(t), chars))};
    });
    for (const [i, name] of Object.entries(names)) traces[i] = {...traces[i], ...name};
    // A trace's own hints (a map's labels placed again for a phone's width).
    gd._desktop.data.forEach((trace, i) => { if (get(trace, 'meta.phone')) traces[i] = {...traces[i], ...trace.meta.phone}; });
    (desk.sliders || []).forEach((slider, i) => {  // the end labels of a slider stay on the figure
      Object.assign(layout, {[`sliders[${i}].x`]: 0.08, [`sliders[${i}].len`]: 0.84});
    });
    Object.assign(layout, hints.layout || {});
    menus.forEach(menu => { if (menu.y > 1) menu.y = 1 + ((menu.y - 1) * deskPlot) / (height - top - bottom); });
    if (menus.length) layout.updatemenus = menus;
    layout.height = height;
    if (title) layout['title.y'] = 1 - (12 + 10 * (gd._titleLines - 1)) / height;  // as lessonkit.visual.finish places it
    // as wide as its box (given: plotly keeps a width it once worked out with a given height)
    if (!desk.width) layout.width = width;
    layout['margin.t'] = top;
    return {layout, traces};
  }

  // After a phone layout is drawn: room for what plotly placed by itself (a legend under a map
  // pushes the margin and would shrink the map; a legend at the bottom of the figure must not
  // sit on the axis labels).
  async function makeRoom(gd) {
    const full = gd._fullLayout, box = el => el.getBoundingClientRect();
    let grow = 0, below = 0;
    if (gd._plotHeight) grow = Math.max(0, gd._plotHeight - full._size.h);
    const legend = gd.querySelector('g.legend'), slider = gd.querySelector('g.slider-container');
    if (legend) {
      const above = [...gd.querySelectorAll('g.xtick text, g.g-xtitle text, g.slider-container')].map(box);
      const bottom = Math.max(...above.map(r => r.bottom), -Infinity);
      if (bottom > box(legend).top - 4 && box(legend).top > box(gd).top + full._size.t) below = bottom - box(legend).top + 8;
      if (slider && get(full, 'legend.yref') !== 'container') {
        // a map's slider and legend are both pushed under the plot: put the legend under the slider
        grow += box(slider).height + 8;
      }
    }
    if (grow + below < 1) return;
    const update = {height: full.height + grow + below, 'margin.b': full.margin.b + below};
    if (full.title && full.title.text) update['title.y'] = 1 - ((1 - full.title.y) * full.height) / update.height;
    if (slider && legend && get(full, 'legend.yref') !== 'container') {
      update['legend.y'] = -(box(slider).height + 8) / gd._plotHeight;
    }
    Object.assign(gd._phone.layout, update);
    await Plotly.relayout(gd, update);
  }

  async function adapt(gd) {
    await Plotly.Plots.resize(gd);   // the responsive config's own resize (debounced, shared)
    const width = gd.clientWidth, phone = window.innerWidth < PHONE;
    const rules = phone ? phoneRules(gd, width) : {layout: {}, traces: {}};
    const before = gd._phone || {layout: {}, traces: {}};
    const layout = {};
    for (const key of Object.keys(before.layout)) layout[key] = copy(get(gd._desktop.layout, key));
    Object.assign(layout, rules.layout);
    const traces = {};
    for (const [i, keys] of Object.entries(before.traces))
      for (const key of Object.keys(keys)) (traces[key] ||= {})[i] = copy(gd._desktop.data[i][key]);
    for (const [i, keys] of Object.entries(rules.traces))
      for (const [key, value] of Object.entries(keys)) (traces[key] ||= {})[i] = value;
    gd._phone = rules;
    if (Object.keys(layout).length || Object.keys(traces).length) {
      for (const [key, values] of Object.entries(traces)) await Plotly.restyle(gd, {[key]: Object.values(values)}, Object.keys(values).map(Number));
      // plotly keeps a menu's old buttons when its type changes: clear the menus, then draw them anew
      if ('updatemenus' in layout) await Plotly.relayout(gd, {updatemenus: []});
      await Plotly.relayout(gd, layout);
    }
    if (phone) await makeRoom(gd);
    gd.dataset.layout = `${phone ? 'phone' : 'desktop'} ${window.innerWidth}`;
  }

  const queue = gd => (gd._adapting = (gd._adapting || Promise.resolve()).then(() => adapt(gd)));
  let frame = null, laidOut = null;
  window.addEventListener('resize', () => {
    if (frame === null) frame = requestAnimationFrame(() => { frame = null; laidOut = innerWidth; figures().forEach(queue); });
  });

  window.handoutPlot = (id, data, layout, config) => {
    const gd = document.getElementById(id);
    gd._desktop = {data: copy(data), layout: copy(layout)};
    gd._adapting = Plotly.newPlot(gd, data, layout, {...config, responsive: true}).then(() => adapt(gd));
  };

  window.handoutLayout = {
    phoneBelow: PHONE,
    // Every figure drawn for the current window (after a resize: once plotly has redrawn them).
    async settled() {
      for (let round = 0; round < 50; round++) {
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        const gds = figures();
        if (laidOut !== innerWidth && frame === null && gds.some(g => !String(g.dataset.layout).endsWith(` ${innerWidth}`)))
          { laidOut = innerWidth; gds.forEach(queue); }
        const pending = gds.map(g => g._adapting);
        await Promise.all(pending);
        if (gds.every((g, i) => g._adapting === pending[i] && g.dataset.layout && g.dataset.layout.endsWith(` ${innerWidth}`))) return gds.length;
      }
      throw new Error('figures did not settle');
    },
  };
})();
