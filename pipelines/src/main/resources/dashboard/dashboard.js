'use strict';
// Draws a dashboard page from its answer (/api/NAME plus the page's query): the form of its
// choices, its notes and its charts. window.tributary says when the charts are drawn (ready), what
// went wrong (error) and holds the ECharts instances, so a browser test can read their data back.
window.tributary = { ready: false, error: null, charts: {} };

document.addEventListener('DOMContentLoaded', async () => {
  const page = document.body.dataset.page;
  try {
    if (page) {
      const response = await fetch('/api/' + page + location.search);
      const answer = await response.json();
      if (!response.ok) throw new Error(answer.error);
      drawControls(answer.controls);
      answer.notes.forEach(note => addElement(document.getElementById('notes'), 'p', note));
      await Promise.all(answer.charts.map(drawChart));
    }
  } catch (e) {
    window.tributary.error = e.message;
    addElement(document.getElementById('notes'), 'p', e.message).className = 'error';
  }
  window.tributary.ready = true;
});

function addElement(parent, tag, text) {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  parent.appendChild(element);
  return element;
}

// The page's choices as a GET form: submitting reloads the page with them as its query.
function drawControls(controls) {
  if (controls.length === 0) return;
  const form = document.getElementById('controls');
  for (const control of controls) {
    const label = addElement(form, 'label', control.label);
    const field = addElement(label, control.type === 'select' ? 'select' : 'input');
    field.name = control.name;
    if (control.type === 'select') {
      for (const option of control.options) addElement(field, 'option', option.label).value = option.value;
    } else {
      field.type = control.type;
    }
    field.value = control.value;
  }
  addElement(form, 'button', 'Show').type = 'submit';
}

// One chart: resolves once ECharts has drawn it.
function drawChart(spec) {
  const section = addElement(document.getElementById('charts'), 'section');
  section.className = 'chart';
  addElement(section, 'h2', spec.title);
  const chart = echarts.init(addElement(section, 'div'));
  window.tributary.charts[spec.id] = chart;
  window.addEventListener('resize', () => chart.resize());
  const drawn = new Promise(resolve => chart.on('finished', resolve));
  chart.setOption(option(spec));
  return drawn;
}

function option(spec) {
  const values = spec.y.map((axis, i) => ({ type: 'value', name: axis.name, splitLine: { show: i === 0 } }));
  const time = spec.x.type === 'time';
  // Days (YYYY-MM-DD) get ticks on days, not at noon between them.
  const days = time && spec.series.every(s => s.data.every(([x]) => String(x).length === 10));
  const across = { type: spec.x.type, name: spec.x.name, minInterval: days ? 24 * 3600 * 1000 : undefined };
  return {
    animation: !navigator.webdriver,
    tooltip: { trigger: spec.horizontal ? 'item' : 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 20, right: 40, top: 40, bottom: time ? 60 : 20, containLabel: true },
    xAxis: spec.horizontal ? values : across,
    yAxis: spec.horizontal ? { ...across, inverse: true } : values,
    dataZoom: time ? [{ type: 'inside' }, { type: 'slider' }] : [],
    series: spec.series.map(s => ({
      name: s.name,
      type: s.type,
      stack: s.stack || undefined,
      [spec.horizontal ? 'xAxisIndex' : 'yAxisIndex']: s.yAxis,
      showSymbol: s.type === 'scatter' || s.data.length <= 60,
      symbolSize: s.type === 'scatter' ? 9 : 4,
      // Lying bars are drawn as [value, category]; the spec's points are [category, value].
      data: spec.horizontal ? s.data.map(([x, y]) => [y, x]) : s.data,
    })),
  };
}
