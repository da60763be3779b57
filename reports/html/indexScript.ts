/**
 * The index pages' filters, as plain ES5-style JavaScript inlined into each page. A page lists
 * its own leads (inline JSON) with the pager; the filter choices come from `index-meta.js`.
 * The first filter or search loads every lead's row from `index-data.js` (a script that sets a
 * global: a file:// page may not fetch) and lists the matches across all pages, the first 200
 * then 200 more per "more" (50,000 leads stay fast: a DOM of a few hundred rows). A run of one
 * page has all its leads inline and filters at once.
 */
export const indexScript = `
(function () {
  var meta = window.bidwatchIndexMeta;
  var page = JSON.parse(document.getElementById('lead-data').textContent);
  var labels = meta.labels;
  var PAGE = 200;
  var shown = PAGE;
  var all = meta.pages === 1 ? page.leads : null;
  var loading = false;
  var $ = function (id) { return document.getElementById(id); };
  var controls = ['f-family', 'f-detection', 'f-region', 'f-buyer', 'f-status', 'f-new', 'f-search'];
  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function bi(pair, fallback) {
    pair = pair || [fallback, fallback];
    return '<span class="zh">' + esc(pair[0]) + '</span><span class="en" lang="en">' + esc(pair[1]) + '</span>';
  }
  function fill(id, values, describe) {
    var select = $(id);
    values.forEach(function (value) {
      var option = document.createElement('option');
      option.value = value;
      option.textContent = describe ? describe(value) : value;
      select.appendChild(option);
    });
  }
  fill('f-family', meta.options.family, function (v) { return (labels.family[v] || [v])[0]; });
  fill('f-detection', meta.options.detections, function (v) { return v + ' ' + (meta.detections[v] || ''); });
  function regionName(code) { return meta.regionNames[code] || code; }
  fill('f-region', meta.options.regions, regionName);
  fill('f-buyer', meta.options.buyers, function (v) { return (meta.names[v] || v) + '（' + v + '）'; });
  fill('f-status', meta.options.status, function (v) { return (labels.status[v] || [v])[0]; });
  // Filters can come in the URL (#family=collusion&new=1), so a filtered view can be shared.
  var hash = {};
  location.hash.replace(/^#/, '').split('&').forEach(function (part) {
    var kv = part.split('=');
    if (kv[0]) hash[decodeURIComponent(kv[0])] = decodeURIComponent(kv[1] || '');
  });
  ['family', 'detection', 'region', 'buyer', 'status', 'search'].forEach(function (k) { if (hash[k]) $('f-' + k).value = hash[k]; });
  if (hash['new'] === '1') $('f-new').checked = true;

  function filtering() {
    return controls.some(function (id) { return id === 'f-new' ? $(id).checked : $(id).value.trim() !== ''; });
  }
  function matches(lead) {
    var family = $('f-family').value, detection = $('f-detection').value, region = $('f-region').value;
    var buyer = $('f-buyer').value, status = $('f-status').value, onlyNew = $('f-new').checked;
    var search = $('f-search').value.trim().toLowerCase();
    if (family && lead.family !== family) return false;
    if (detection && lead.detections.indexOf(detection) < 0) return false;
    if (region && lead.regions.indexOf(region) < 0) return false;
    if (buyer && lead.buyers.indexOf(buyer) < 0) return false;
    if (status && lead.status !== status) return false;
    if (onlyNew && !lead.isNew) return false;
    if (search) {
      var words = search.split(/\\s+/);
      for (var i = 0; i < words.length; i++) if (lead.text.indexOf(words[i]) < 0) return false;
    }
    return true;
  }
  function row(lead, rank) {
    var status = labels.status[lead.status] || [lead.status, lead.status];
    return '<tr data-lead="' + esc(lead.id) + '">'
      + '<td class="num">' + rank + '</td>'
      + '<td class="num"><span class="score">' + lead.score.toFixed(3) + '</span><span class="scorebar"><i style="width:' + Math.round(lead.score * 100) + '%"></i></span></td>'
      + '<td class="title"><a href="leads/' + esc(lead.file) + '">' + esc(lead.title) + '</a><br><span class="muted small ids">' + esc(lead.id) + '</span>'
      + (lead.isNew ? ' <span class="badge new">' + bi(['本次新增', 'new']) + '</span>' : '') + '</td>'
      + '<td>' + bi(labels.family[lead.family], lead.family) + '</td>'
      + '<td>' + esc(lead.detections.join(' ')) + '</td>'
      + '<td>' + esc(lead.regions.map(regionName).join('、')) + '</td>'
      + '<td>' + esc(lead.buyers.map(function (b) { return meta.names[b] || b; }).join('、')) + '</td>'
      + '<td><span class="badge status-' + esc(lead.status) + '">' + bi(status, lead.status) + '</span>'
      + (lead.note ? '<br><span class="small muted">' + esc(lead.note) + '</span>' : '') + '</td>'
      + '</tr>';
  }
  function pagers(visible) {
    var navs = document.querySelectorAll('nav.pager');
    for (var i = 0; i < navs.length; i++) navs[i].style.display = visible ? '' : 'none';
  }
  function load() {
    if (loading) return;
    loading = true;
    var script = document.createElement('script');
    script.src = 'index-data.js';
    script.onload = function () { all = window.bidwatchLeadIndex; render(); };
    script.onerror = function () {
      $('count').innerHTML = bi(['无法读取 index-data.js：筛选不可用，线索清单见 leads.csv', 'index-data.js could not be read: filters are unavailable; the list is in leads.csv']);
    };
    document.head.appendChild(script);
  }
  function render() {
    var count = $('count');
    var html = [];
    if (!filtering()) {
      for (var p = 0; p < page.leads.length; p++) html.push(row(page.leads[p], page.first + p));
      $('lead-rows').innerHTML = html.join('');
      count.setAttribute('data-count', String(meta.total));
      var last = page.first + page.leads.length - 1;
      count.innerHTML = meta.pages === 1
        ? bi(['共 ' + meta.total + ' 条', meta.total + ' in all'])
        : bi(['第 ' + page.page + ' / ' + meta.pages + ' 页：第 ' + page.first + '–' + last + ' 条，共 ' + meta.total + ' 条；筛选和搜索作用于全部线索',
          'Page ' + page.page + ' of ' + meta.pages + ': ' + page.first + '–' + last + ' of ' + meta.total + '; filters and search cover all leads']);
      $('more').style.display = 'none';
      pagers(true);
      return;
    }
    pagers(false);
    if (!all) {
      count.setAttribute('data-count', '-1');
      count.innerHTML = bi(['正在读取全部线索…', 'Reading all leads…']);
      load();
      return;
    }
    var matching = all.filter(matches);
    for (var i = 0; i < matching.length && i < shown; i++) html.push(row(matching[i], i + 1));
    $('lead-rows').innerHTML = html.join('');
    count.setAttribute('data-count', String(matching.length));
    count.innerHTML = bi(['显示 ' + Math.min(shown, matching.length) + ' 条，共 ' + matching.length + ' 条（全部 ' + all.length + ' 条）',
      Math.min(shown, matching.length) + ' shown of ' + matching.length + ' matching (' + all.length + ' in all)']);
    $('more').style.display = matching.length > shown ? '' : 'none';
  }
  controls.forEach(function (id) {
    $(id).addEventListener(id === 'f-search' ? 'input' : 'change', function () { shown = PAGE; render(); });
  });
  $('more').addEventListener('click', function () { shown += PAGE; render(); });
  $('reset').addEventListener('click', function () {
    controls.forEach(function (id) { if (id === 'f-new') $(id).checked = false; else $(id).value = ''; });
    shown = PAGE;
    render();
  });
  render();
})();
`;
