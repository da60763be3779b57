/**
 * The index page's filters, as plain ES5-style JavaScript inlined into index.html. Reads the
 * leads from the inline JSON, filters on every change, and renders the first rows that match
 * (10,000 leads stay fast: a DOM of a few hundred rows, "more" adds the next page).
 */
export const indexScript = `
(function () {
  var data = JSON.parse(document.getElementById('lead-data').textContent);
  var leads = data.leads;
  var labels = data.labels;
  var PAGE = 200;
  var shown = PAGE;
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
  function distinct(key) {
    var seen = {};
    leads.forEach(function (lead) { [].concat(lead[key]).forEach(function (v) { if (v) seen[v] = true; }); });
    return Object.keys(seen).sort();
  }
  fill('f-family', distinct('family'), function (v) { return (labels.family[v] || [v])[0]; });
  fill('f-detection', distinct('detections'), function (v) { return v + ' ' + (data.detections[v] || ''); });
  function regionName(code) { return data.regionNames[code] || code; }
  fill('f-region', distinct('regions'), regionName);
  fill('f-buyer', distinct('buyers'), function (v) { return (data.names[v] || v) + '（' + v + '）'; });
  fill('f-status', distinct('status'), function (v) { return (labels.status[v] || [v])[0]; });
  // Filters can come in the URL (#family=collusion&new=1), so a filtered view can be shared.
  var hash = {};
  location.hash.replace(/^#/, '').split('&').forEach(function (part) {
    var kv = part.split('=');
    if (kv[0]) hash[decodeURIComponent(kv[0])] = decodeURIComponent(kv[1] || '');
  });
  ['family', 'detection', 'region', 'buyer', 'status', 'search'].forEach(function (k) { if (hash[k]) $('f-' + k).value = hash[k]; });
  if (hash['new'] === '1') $('f-new').checked = true;

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
      + '<td>' + esc(lead.buyers.map(function (b) { return data.names[b] || b; }).join('、')) + '</td>'
      + '<td><span class="badge status-' + esc(lead.status) + '">' + bi(status, lead.status) + '</span>'
      + (lead.note ? '<br><span class="small muted">' + esc(lead.note) + '</span>' : '') + '</td>'
      + '</tr>';
  }
  function render() {
    var matching = leads.filter(matches);
    var html = [];
    for (var i = 0; i < matching.length && i < shown; i++) html.push(row(matching[i], i + 1));
    $('lead-rows').innerHTML = html.join('');
    var count = $('count');
    count.setAttribute('data-count', String(matching.length));
    count.innerHTML = bi(['显示 ' + Math.min(shown, matching.length) + ' 条，共 ' + matching.length + ' 条（全部 ' + leads.length + ' 条）',
      Math.min(shown, matching.length) + ' shown of ' + matching.length + ' matching (' + leads.length + ' in all)']);
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
