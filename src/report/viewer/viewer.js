// textrace HTML report viewer: the overview (summary, options, families, pairs table) and the
// pair view (both texts side by side, passages highlighted, changed words marked). Plain DOM.
//
// Data lives in JSON script blocks (type application/json), parsed only when needed:
//   #textrace-data  the overview (parsed at start)
//   #pair-N         the passages of pair N: spans and edits in UTF-16 code units
//   #doc-N          the text of document N, a JSON string
// This script runs right after #textrace-data, before the pair and document blocks are read, so
// the overview shows at once; opening a pair waits for the whole file if it is still loading.
(function () {
  'use strict';

  var ROWS_PER_BATCH = 300;
  var PRINT_ROWS_CAP = 2000;  // rows drawn for printing (about 50 pages); a note says if more
  var FAMILIES_PER_BATCH = 24;
  var LIST_CAP = 25;  // members and relations listed per family card
  var RELATION_ORDER = ['duplicate', 'near_duplicate', 'rewrite', 'summary', 'partial', 'none'];
  var EDIT_CLASS = {r: 'edit-replace', i: 'edit-insert', d: 'edit-delete'};

  // ---- small helpers -------------------------------------------------------------------------

  function h(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) return;
        if (k === 'text') e.textContent = v;
        else if (k === 'class') e.className = v;
        else e.setAttribute(k, v === true ? '' : String(v));
      });
    }
    add(e, children);
    return e;
  }
  function add(parent, c) {
    if (c === undefined || c === null || c === false) return;
    if (Array.isArray(c)) c.forEach(function (x) { add(parent, x); });
    else parent.append(c instanceof Node ? c : String(c));
  }
  function block(id) {
    var n = document.getElementById(id);
    return n ? JSON.parse(n.textContent) : null;
  }
  function pct(x) {
    x = (x || 0) * 100;
    return (x > 0 && x < 1 ? x.toFixed(1) : x.toFixed(0)) + '%';
  }
  function num(x) { return Number(x || 0).toLocaleString('en-US'); }
  function mb(bytes) {
    bytes = bytes || 0;
    return bytes >= 1e6 ? (bytes / 1e6).toFixed(1) + ' MB' : (bytes / 1e3).toFixed(1) + ' kB';
  }
  function secs(s) { return (s || 0).toFixed(2) + ' s'; }
  function relBadge(rel) { return h('span', {class: 'rel rel-' + rel, text: rel.replace('_', ' ')}); }
  function directionText(p, long) {
    if (p.direction === 'a_to_b') return long ? 'A \u2192 B (B derives from A)' : 'A \u2192 B';
    if (p.direction === 'b_to_a') return long ? 'B \u2192 A (A derives from B)' : 'B \u2192 A';
    return 'unknown' + (long && p.direction_reason ? ' (' + p.direction_reason + ')' : '');
  }
  function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }

  // ---- data ----------------------------------------------------------------------------------

  // Pairs and documents come as rows of values; data.fields names the columns.
  function column(fields, name) {
    var i = fields.indexOf(name);
    return function (row) { return i < 0 ? undefined : row[i]; };
  }
  function Doc(row, c) {
    this.id = String(c.id(row));
    this.words = c.words(row);
    this.bytes = c.bytes(row);
    this.chars = c.chars(row);
    this.family = c.family(row);
    this.date = c.date(row) || '';
    this.url = c.url(row) || '';
    this.text_from = c.text_from(row) || '';
    this.invalid_utf8_sequences = c.invalid_utf8_sequences(row) || 0;
  }
  function Pair(row, c, index) {
    this.index = index;
    this.a = c.a(row);
    this.b = c.b(row);
    this.relation = c.relation(row);
    this.coverage_a = c.coverage_a(row);
    this.coverage_b = c.coverage_b(row);
    this.score = c.score(row);
    this.passages = c.passages(row);
    this.direction = c.direction(row);
    this.direction_reason = c.direction_reason(row) || '';
    this.found_by = c.found_by(row) || '';
  }
  function rows(list, fields, Make) {
    var c = {};
    fields.forEach(function (f) { c[f] = column(fields, f); });
    var names = Make === Doc ? ['id', 'words', 'bytes', 'chars', 'family', 'date', 'url',
      'text_from', 'invalid_utf8_sequences'] : ['a', 'b', 'relation', 'coverage_a', 'coverage_b',
      'score', 'passages', 'direction', 'direction_reason', 'found_by'];
    names.forEach(function (f) { if (!c[f]) c[f] = column(fields, f); });
    return (list || []).map(function (row, i) { return new Make(row, c, i); });
  }
  var data = block('textrace-data') || {};
  var fields = data.fields || {pairs: [], documents: []};
  var docs = rows(data.documents, fields.documents, Doc);
  var pairs = rows(data.pairs, fields.pairs, Pair);
  var families = data.families || [];
  var isCompare = data.mode === 'compare';

  // The folder every document id starts with ("../shared/seeds/", "example.com/news/" of URLs):
  // the tables and family cards leave it out, the full id is the element's title.
  var idPrefix = (function () {
    if (!docs.length) return '';
    var p = docs[0].id;
    docs.forEach(function (d) {
      var n = 0;
      while (n < p.length && n < d.id.length && p.charCodeAt(n) === d.id.charCodeAt(n)) n++;
      p = p.slice(0, n);
    });
    p = p.slice(0, Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
    return docs.some(function (d) { return d.id.length <= p.length; }) ? '' : p;
  })();
  // An id as the tables show it: without the shared folder, with line breaks allowed only after
  // the characters that part its words ("/", "_", "-", ".", ...), never inside a word.
  var ID_BREAK = /[\/\\_.\-:?&=#+, ]/;
  function idNode(id, full) {
    var span = h('span', {class: 'id', title: full || null});
    var from = 0;
    for (var i = 0; i < id.length; i++) {
      if (ID_BREAK.test(id[i]) && i + 1 < id.length) {
        span.append(id.slice(from, i + 1), document.createElement('wbr'));
        from = i + 1;
      }
    }
    span.append(id.slice(from));
    return span;
  }
  // The width of the widest word of the ids as the table shows them (in the body's font), so
  // that the table can give its id columns room for it (viewer.css, #pairs).
  function longestIdWord() {
    var words = [];
    docs.forEach(function (d) {
      var id = d.id.slice(idPrefix.length), from = 0;
      for (var i = 0; i <= id.length; i++) {
        if (i === id.length || ID_BREAK.test(id[i])) {
          if (i + 1 - from > (words.length >= 20 ? words[19].length : 0)) {
            words.push(id.slice(from, i + 1));
            words.sort(function (x, y) { return y.length - x.length; });
            words.length = Math.min(words.length, 20);
          }
          from = i + 1;
        }
      }
    });
    var ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return 0;
    var s = getComputedStyle(document.body);
    ctx.font = s.fontWeight + ' ' + s.fontSize + ' ' + s.fontFamily;
    return Math.ceil(words.reduce(function (w, x) { return Math.max(w, ctx.measureText(x).width); }, 0));
  }
  function shortId(d) {
    return idNode(idPrefix ? d.id.slice(idPrefix.length) : d.id, idPrefix ? d.id : null);
  }

  var texts = new Map();  // the last few document texts parsed
  function docText(i) {
    if (texts.has(i)) return texts.get(i);
    var t = block('doc-' + i);
    if (typeof t !== 'string') t = '';
    texts.set(i, t);
    if (texts.size > 6) texts.delete(texts.keys().next().value);
    return t;
  }

  var app = document.getElementById('app');
  var overview = h('main', {id: 'overview'});
  var pairView = h('section', {id: 'pair-view', hidden: true, 'aria-label': 'Pair view'});
  app.append(overview, pairView);

  // ---- overview: summary, options, skipped -----------------------------------------------------

  function summaryList(rows) {
    var dl = h('dl', {class: 'summary'});
    rows.forEach(function (r) {
      if (r) add(dl, [h('dt', {text: r[0]}), h('dd', null, r[1])]);
    });
    return dl;
  }

  function relationCounts() {
    var counts = {};
    pairs.forEach(function (p) { counts[p.relation] = (counts[p.relation] || 0) + 1; });
    return RELATION_ORDER.filter(function (r) { return counts[r]; })
        .map(function (r) { return [r, counts[r]]; });
  }

  function flatten(obj, prefix, out) {
    Object.keys(obj).forEach(function (k) {
      var v = obj[k];
      if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, prefix + k + '.', out);
      else out.push([prefix + k, JSON.stringify(v)]);
    });
    return out;
  }

  function renderHead() {
    var s = data.summary || {};
    var rels = relationCounts().map(function (rc) { return num(rc[1]) + ' ' + rc[0]; }).join(', ');
    if (isCompare) {
      overview.append(
          h('header', null, [
            h('h1', {text: 'textrace compare'}),
            h('p', {class: 'lede', text: 'Two documents and the passages they share.'})]),
          h('h2', {text: 'Summary'}),
          summaryList([
            ['Document A', docs[0] ? idNode(docs[0].id) : ''],
            ['Document B', docs[1] ? idNode(docs[1].id) : ''],
            ['Relation', pairs[0] ? relBadge(pairs[0].relation) : ''],
            ['Passages', num(s.passages)]]));
    } else {
      var by = s.candidates_by_stage || {};
      var t = s.seconds || {};
      overview.append(
          h('header', null, [
            h('h1', {text: 'textrace scan report'}),
            h('p', {class: 'lede', text: num(s.documents) + ' documents \u00b7 ' +
                num(s.related_pairs) + ' related pairs \u00b7 ' + num(s.families) + ' families'}),
            h('nav', {class: 'jump', 'aria-label': 'Sections'}, ['Go to: ',
              h('a', {href: '#families-title', text: 'families'}), ' \u00b7 ',
              h('a', {href: '#pairs-title', text: 'related pairs'})])]),
          h('h2', {text: 'Summary'}),
          summaryList([
            ['Documents scanned', num(s.documents) + ' (' + mb(s.bytes) + ' of text)'],
            ['Documents skipped', num(s.documents_skipped)],
            s.warc_records_not_documents ? ['WARC records that are not documents',
                                            num(s.warc_records_not_documents)] : null,
            ['Candidate pairs verified', num(s.candidates) + ' (exact ' + num(by.exact) +
                ', MinHash ' + num(by.minhash) + ', anchors ' + num(by.anchors) +
                ', rare words ' + num(by.rare_words || 0) + ')'],
            ['Related pairs', num(s.related_pairs) + (rels ? ' (' + rels + ')' : '')],
            ['Families', num(s.families)],
            ['Boilerplate lines', num(s.boilerplate_lines)],
            ['Time', secs(t.total) + ' in all: read ' + secs(t.read) + ', analyze ' +
                secs(t.analyze) + ', boilerplate ' + secs(t.boilerplate) + ', candidates ' +
                secs(t.candidates) + ', verify ' + secs(t.verify) + ' (stages overlap)'],
            ['Temporary files', mb(s.spill_bytes) + ', ' + num(s.verify_chunks) +
                ' verification chunk(s)']]));
    }
    var skipped = data.skipped || [];
    if (skipped.length) {
      var det = h('details', {id: 'skipped'}, h('summary', {text: 'Skipped documents (' +
          num(skipped.length) + ')'}));
      var byReason = {};
      skipped.forEach(function (k) {
        var kind = k.reason.split(/[(:']/)[0].trim();
        byReason[kind] = (byReason[kind] || 0) + 1;
      });
      det.append(h('table', {class: 'kv'}, h('tbody', null, Object.keys(byReason).sort()
          .map(function (r) {
            return h('tr', null, [h('td', {text: r}), h('td', {class: 'num', text: num(byReason[r])})]);
          }))));
      var list = h('ul', {class: 'skipped'});
      det.append(list);
      det.addEventListener('toggle', function () {  // the list is drawn when first opened
        if (!det.open || list.childElementCount) return;
        var shown = skipped.slice(0, 2000);
        list.append.apply(list, shown.map(function (k) {
          return h('li', null, [h('span', {class: 'id', text: k.origin}), ': ' + k.reason]);
        }));
        if (skipped.length > shown.length) {
          list.append(h('li', {text: '\u2026 and ' + num(skipped.length - shown.length) +
              ' more (the JSON report lists them all)'}));
        }
      });
      overview.append(det);
    }
    if (idPrefix) {
      overview.append(h('p', {id: 'id-prefix', class: 'muted'}, [
        'Document ids are shown without the folder they all share, ',
        h('code', {class: 'id', text: idPrefix}), ' (point at an id for the whole of it).']));
    }
    var opts = flatten(data.options || {}, '', []);
    overview.append(h('details', {id: 'options'}, [
      h('summary', {text: 'Options used'}),
      h('table', {class: 'kv'}, h('tbody', null, opts.map(function (o) {
        return h('tr', null, [h('td', {text: o[0]}), h('td', {text: o[1]})]);
      })))]));
  }

  // ---- overview: families --------------------------------------------------------------------

  var pairsOfFamily = families.map(function () { return []; });
  pairs.forEach(function (p) {
    var f = docs[p.a] ? docs[p.a].family : -1;
    if (f >= 0 && f < pairsOfFamily.length) pairsOfFamily[f].push(p.index);
  });

  function pairLink(p) {
    return h('a', {href: '#pair=' + p.index, class: 'pair-link'}, [
      shortId(docs[p.a]), ' \u2194 ', shortId(docs[p.b])]);
  }

  function familyCard(f) {
    var fam = families[f];
    var members = fam.members || [];
    var rels = pairsOfFamily[f];
    var card = h('article', {class: 'family', 'aria-label': 'Family ' + (f + 1)}, [
      h('h3', {text: 'Family ' + (f + 1) + ' \u00b7 ' + members.length + ' documents \u00b7 ' +
          rels.length + ' relation' + (rels.length === 1 ? '' : 's')})]);
    var ul = h('ul', {class: 'members'});
    members.slice(0, LIST_CAP).forEach(function (d) {
      var doc = docs[d];
      ul.append(h('li', {class: d === fam.source ? 'rep' : null}, [
        shortId(doc),
        h('span', {class: 'muted', text: ' \u00b7 ' + (doc.date ? doc.date + ' \u00b7 ' : '') +
            num(doc.words) + ' words' + (d === fam.source ? ' \u00b7 source (earliest date)' : '')})]));
    });
    if (members.length > LIST_CAP) ul.append(h('li', {class: 'muted', text: '\u2026 and ' +
        (members.length - LIST_CAP) + ' more'}));
    var rl = h('ul', {class: 'relations'});
    rels.slice(0, LIST_CAP).forEach(function (i) {
      var p = pairs[i];
      rl.append(h('li', null, [relBadge(p.relation), ' ', pairLink(p),
        h('span', {class: 'muted', text: ' \u00b7 ' + pct(p.coverage_a) + ' / ' + pct(p.coverage_b) +
            ' \u00b7 ' + directionText(p, false)})]));
    });
    var all = h('button', {type: 'button', class: 'family-pairs', 'data-family': f,
      text: 'Show its ' + rels.length + ' pair' + (rels.length === 1 ? '' : 's') + ' in the table'});
    card.append(h('p', {class: 'muted', text: fam.source >= 0 ? 'Documents' :
        'Documents (source unknown: ' + (fam.source_reason || 'no dates') + ')'}), ul,
        h('p', {class: 'muted', text: 'Relations'}), rl, all);
    return card;
  }

  function renderFamilies() {
    if (isCompare) return;
    overview.append(h('h2', {id: 'families-title', text: 'Families (' + num(families.length) + ')'}));
    if (!families.length) {
      overview.append(h('p', {class: 'muted', text: 'No related documents.'}));
      return;
    }
    overview.append(h('p', {class: 'muted', text: 'Versions of one text: documents joined by ' +
        'duplicate, near-duplicate, rewrite or summary relations (partial reuse links documents ' +
        'without joining them). A source is named only where the dates say so.'}));
    var grid = h('div', {class: 'families'});
    var more = h('button', {type: 'button', class: 'more'});
    var shown = 0;
    function next() {
      var end = Math.min(families.length, shown + FAMILIES_PER_BATCH);
      var frag = document.createDocumentFragment();
      for (var f = shown; f < end; f++) frag.append(familyCard(f));
      grid.append(frag);
      shown = end;
      more.hidden = shown >= families.length;
      more.textContent = 'Show more families (' + num(families.length - shown) + ' left)';
    }
    more.addEventListener('click', next);
    grid.addEventListener('click', function (e) {
      var b = e.target.closest('button.family-pairs');
      if (!b) return;
      filters.family = +b.dataset.family;
      refreshTable();
      document.getElementById('pairs-title').scrollIntoView();
    });
    overview.append(grid, more);
    next();
  }

  // ---- overview: the pairs table (sort, filter, drawn 300 rows at a time) ---------------------

  var COLUMNS = [
    {key: 'index', label: '#', num: true, value: function (p) { return p.index; }},
    {key: 'a', label: 'Document A', value: function (p) { return docs[p.a].id; }},
    {key: 'b', label: 'Document B', value: function (p) { return docs[p.b].id; }},
    {key: 'relation', label: 'Relation',
      value: function (p) { return RELATION_ORDER.indexOf(p.relation); }},
    {key: 'coverage_a', label: 'Coverage A', num: true, desc: true,
      value: function (p) { return p.coverage_a; }},
    {key: 'coverage_b', label: 'Coverage B', num: true, desc: true,
      value: function (p) { return p.coverage_b; }},
    {key: 'score', label: 'Score', num: true, desc: true, value: function (p) { return p.score; }},
    {key: 'passages', label: 'Passages', num: true, desc: true,
      value: function (p) { return p.passages; }},
    {key: 'direction', label: 'Direction', value: function (p) { return p.direction; }},
    {key: 'found_by', label: 'Found by', value: function (p) { return p.found_by || ''; }},
  ];
  var filters = {relation: '', minCoverage: 0, minScore: 0, text: '', direction: '', family: -1};
  var sort = {key: 'index', dir: 1};
  var view = [];  // indices of the pairs that pass the filters, in table order
  var drawn = 0;
  var tbody, countLine, printNote, moreRows, headRow, familyChip;

  function pairRow(p) {
    var a = docs[p.a], b = docs[p.b];
    return h('tr', {class: 'pair-row', 'data-a': a.id, 'data-b': b.id, 'data-relation': p.relation,
      'data-pair': p.index}, [
      h('td', {class: 'num'}, h('a', {class: 'open-pair', href: '#pair=' + p.index,
        title: 'Open pair ' + (p.index + 1), text: String(p.index + 1)})),
      h('td', {class: 'id-cell'}, shortId(a)),
      h('td', {class: 'id-cell'}, shortId(b)),
      h('td', null, relBadge(p.relation)),
      h('td', {class: 'num', text: pct(p.coverage_a)}),
      h('td', {class: 'num', text: pct(p.coverage_b)}),
      h('td', {class: 'num', text: (p.score || 0).toFixed(2)}),
      h('td', {class: 'num', text: String(p.passages)}),
      h('td', {text: directionText(p, false), title: directionText(p, true)}),
      h('td', {text: p.found_by || ''})]);
  }

  function drawMoreRows() { drawRowsTo(drawn + ROWS_PER_BATCH); }

  // Draws the rows of `view` up to `end` (exclusive), after those already drawn.
  function drawRowsTo(end) {
    end = Math.min(view.length, end);
    var frag = document.createDocumentFragment();
    for (var i = drawn; i < end; i++) frag.append(pairRow(pairs[view[i]]));
    tbody.append(frag);
    drawn = end;
    moreRows.hidden = drawn >= view.length;
    moreRows.textContent = 'Show ' + Math.min(ROWS_PER_BATCH, view.length - drawn) + ' more (' +
        num(view.length - drawn) + ' left)';
    countLine.textContent = 'Showing ' + num(drawn) + ' of ' + num(view.length) +
        ' matching pairs (' + num(pairs.length) + ' in all)';
    printNote.textContent = '';
  }

  // The filters in words, for the printed page (the form is not printed).
  function filtersText() {
    var f = [];
    if (filters.relation) f.push('relation ' + filters.relation.replace('_', ' '));
    if (filters.minCoverage > 0) f.push('coverage at least ' + filters.minCoverage + '% on either side');
    if (filters.minScore > 0) f.push('score at least ' + filters.minScore);
    if (filters.text) f.push('document id contains \u201c' + filters.text + '\u201d');
    if (filters.direction) f.push('direction ' + filters.direction.replace(/_/g, ' '));
    if (filters.family >= 0) f.push('family ' + (filters.family + 1));
    var col = COLUMNS.filter(function (c) { return c.key === sort.key; })[0];
    return (f.length ? 'Filtered by ' + f.join(', ') : 'No filter') + '; sorted by ' +
        col.label.toLowerCase() + (sort.dir > 0 ? ', ascending' : ', descending') + '.';
  }

  // Printing: the table is drawn lazily, so before printing every row that passes the filters is
  // drawn (up to PRINT_ROWS_CAP; a printed note then says how many of how many were printed).
  function prepareForPrint() {
    if (!tbody || overview.hidden) return;  // a pair is open: it is what gets printed
    if (drawn < Math.min(view.length, PRINT_ROWS_CAP)) drawRowsTo(PRINT_ROWS_CAP);
    var printed = Math.max(drawn, Math.min(view.length, PRINT_ROWS_CAP));
    printNote.textContent = (printed < view.length ?
        'Printed: the first ' + num(printed) + ' of ' + num(view.length) + ' matching pairs; ' +
        'narrow the filters to print the others. ' :
        'Printed: all ' + num(view.length) + ' matching pairs (' + num(pairs.length) +
        ' in all). ') + filtersText();
    overview.querySelectorAll('details#options, details#skipped').forEach(function (d) {
      if (!d.open) {
        d.dataset.printOpened = '1';
        d.open = true;
      }
    });
  }
  function afterPrint() {
    overview.querySelectorAll('details[data-print-opened]').forEach(function (d) {
      d.open = false;
      delete d.dataset.printOpened;
    });
  }

  function refreshTable() {
    var text = filters.text.toLowerCase();
    var minCov = filters.minCoverage / 100;
    view = [];
    pairs.forEach(function (p) {
      if (filters.relation && p.relation !== filters.relation) return;
      if (filters.direction && p.direction !== filters.direction) return;
      if (Math.max(p.coverage_a, p.coverage_b) < minCov) return;
      if (p.score < filters.minScore) return;
      if (filters.family >= 0 && (docs[p.a].family !== filters.family)) return;
      if (text && docs[p.a].id.toLowerCase().indexOf(text) < 0 &&
          docs[p.b].id.toLowerCase().indexOf(text) < 0) return;
      view.push(p.index);
    });
    var col = COLUMNS.filter(function (c) { return c.key === sort.key; })[0];
    if (sort.key === 'index') {  // already in order
      if (sort.dir < 0) view.reverse();
    } else view.sort(function (x, y) {
      var u = col.value(pairs[x]), v = col.value(pairs[y]);
      var c = u < v ? -1 : u > v ? 1 : 0;
      return c * sort.dir || x - y;
    });
    Array.prototype.forEach.call(headRow.children, function (th) {
      th.setAttribute('aria-sort', th.dataset.key === sort.key ?
          (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    });
    familyChip.hidden = filters.family < 0;
    if (filters.family >= 0) familyChip.firstChild.textContent = 'Family ' + (filters.family + 1);
    tbody.textContent = '';
    drawn = 0;
    drawMoreRows();
  }

  function renderTable() {
    overview.append(h('h2', {id: 'pairs-title', text: isCompare ? 'The pair' :
        'Related pairs (' + num(pairs.length) + ')'}));
    var relSelect = h('select', {id: 'filter-relation'}, h('option', {value: '', text: 'all'}));
    relationCounts().forEach(function (rc) {
      relSelect.append(h('option', {value: rc[0], text: rc[0] + ' (' + num(rc[1]) + ')'}));
    });
    var covInput = h('input', {id: 'filter-coverage', type: 'number', min: 0, max: 100, step: 5,
      value: 0, inputmode: 'numeric'});
    var scoreInput = h('input', {id: 'filter-score', type: 'number', min: 0, max: 1, step: 0.05,
      value: 0, inputmode: 'decimal'});
    var textInput = h('input', {id: 'filter-text', type: 'search', placeholder: 'part of an id',
      autocomplete: 'off'});
    var dirSelect = h('select', {id: 'filter-direction'}, [
      h('option', {value: '', text: 'all'}),
      h('option', {value: 'a_to_b', text: 'A \u2192 B'}),
      h('option', {value: 'b_to_a', text: 'B \u2192 A'}),
      h('option', {value: 'unknown', text: 'unknown'})]);
    var clearFamily = h('button', {type: 'button', 'aria-label': 'Show all families', text: '\u00d7'});
    familyChip = h('span', {class: 'chip', hidden: true}, [h('span'), clearFamily]);
    var form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter pairs'}, [
      h('label', null, ['Relation', relSelect]),
      h('label', null, ['Min coverage, % (either side)', covInput]),
      h('label', null, ['Min score (0\u20131)', scoreInput]),
      h('label', null, ['Document id contains', textInput]),
      h('label', null, ['Direction', dirSelect]),
      familyChip]);
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    relSelect.addEventListener('change', function () {
      filters.relation = relSelect.value;
      refreshTable();
    });
    dirSelect.addEventListener('change', function () {
      filters.direction = dirSelect.value;
      refreshTable();
    });
    covInput.addEventListener('input', function () {
      filters.minCoverage = Math.max(0, Math.min(100, parseFloat(covInput.value) || 0));
      refreshTable();
    });
    scoreInput.addEventListener('input', function () {
      filters.minScore = Math.max(0, Math.min(1, parseFloat(scoreInput.value) || 0));
      refreshTable();
    });
    var timer = 0;
    textInput.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        filters.text = textInput.value.trim();
        refreshTable();
      }, 120);
    });
    clearFamily.addEventListener('click', function () {
      filters.family = -1;
      refreshTable();
    });

    headRow = h('tr', null, COLUMNS.map(function (c) {
      return h('th', {scope: 'col', class: c.num ? 'num' : null, 'data-key': c.key,
        'aria-sort': 'none'}, h('button', {type: 'button', text: c.label,
        title: 'Sort by ' + c.label.toLowerCase()}));
    }));
    headRow.addEventListener('click', function (e) {
      var th = e.target.closest('th');
      if (!th) return;
      var col = COLUMNS.filter(function (c) { return c.key === th.dataset.key; })[0];
      if (sort.key === col.key) sort.dir = -sort.dir;
      else sort = {key: col.key, dir: col.desc ? -1 : 1};
      refreshTable();
    });
    tbody = h('tbody');
    tbody.addEventListener('click', function (e) {
      var tr = e.target.closest('tr.pair-row');
      if (!tr) return;
      var link = e.target.closest('a');
      if (link && (e.ctrlKey || e.metaKey || e.shiftKey || e.button)) return;  // new tab
      e.preventDefault();
      openPair(+tr.dataset.pair);
    });
    countLine = h('p', {id: 'pairs-count', class: 'muted', 'aria-live': 'polite'});
    printNote = h('p', {id: 'print-note', class: 'print-only'});
    moreRows = h('button', {type: 'button', class: 'more'});
    moreRows.addEventListener('click', drawMoreRows);
    var table = h('table', {id: 'pairs'}, [h('caption', {class: 'muted', hidden: true,
      text: 'Related pairs; click a row to open it'}), h('thead', null, headRow), tbody]);
    table.style.setProperty('--id-word', longestIdWord() + 'px');
    overview.append(form, countLine, printNote, table, moreRows);
    if ('IntersectionObserver' in window) {  // more rows as the end of the table comes near
      new IntersectionObserver(function (entries) {
        if (entries.some(function (en) { return en.isIntersecting; }) && !overview.hidden &&
            drawn < view.length) {
          drawMoreRows();
        }
      }, {rootMargin: '800px 0px'}).observe(moreRows);
    }
    refreshTable();
  }

  // ---- pair view -----------------------------------------------------------------------------

  var shownPair = -1;
  var waiting = false;  // for the end of the file, to open a pair
  var loadingPair = -1, loadingTimer = 0;  // the pair shown as loading, and the timer to look again
  var overviewScroll = 0;
  var current = -1;  // the passage selected
  var paneA, paneB, statusLine, marksA, marksB, passages;

  // Draws `text` into `into` with the passages (k, s, e) as mark.passage and the edits (k, s, e,
  // cls, title) as spans inside them. Passages may overlap on one side (B in a summary): each
  // stretch of text is wrapped by the marks of every passage covering it, innermost last.
  // Returns, per passage k, its marks in text order.
  function drawText(into, text, spans, edits) {
    var len = text.length;
    function clamp(x) { return Math.max(0, Math.min(len, x | 0)); }
    var P = [], E = [];
    spans.forEach(function (s) {
      var x = {k: s.k, s: clamp(s.s), e: clamp(s.e)};
      if (x.e > x.s) P.push(x);
    });
    edits.forEach(function (d, id) {
      var x = {id: id, k: d.k, s: clamp(d.s), e: clamp(d.e), cls: d.cls, title: d.title};
      if (x.e > x.s) E.push(x);
    });
    var cuts = [0, len];
    P.forEach(function (x) { cuts.push(x.s, x.e); });
    E.forEach(function (x) { cuts.push(x.s, x.e); });
    cuts.sort(function (x, y) { return x - y; });
    var bySP = P.slice().sort(function (x, y) { return x.s - y.s; });
    var bySE = E.slice().sort(function (x, y) { return x.s - y.s; });
    var pi = 0, ei = 0, activeP = [], activeE = [];
    var root = document.createDocumentFragment();
    var stack = [];  // open elements: {key, node}
    var marks = new Map();
    for (var c = 0; c + 1 < cuts.length; c++) {
      var x = cuts[c], y = cuts[c + 1];
      if (y <= x) continue;
      activeP = activeP.filter(function (q) { return q.e > x; });
      activeE = activeE.filter(function (q) { return q.e > x; });
      var changed = false;
      while (pi < bySP.length && bySP[pi].s <= x) {
        if (bySP[pi].e > x) activeP.push(bySP[pi]);
        pi++;
        changed = true;
      }
      while (ei < bySE.length && bySE[ei].s <= x) {
        if (bySE[ei].e > x) activeE.push(bySE[ei]);
        ei++;
      }
      if (changed) activeP.sort(function (u, v) { return u.k - v.k; });
      var want = activeP.map(function (q) { return 'p' + q.k; });
      var edit = null;
      activeE.forEach(function (d) {
        if (activeP.some(function (q) { return q.k === d.k; })) edit = d;
      });
      if (edit) want.push('e' + edit.id);
      var keep = 0;
      while (keep < stack.length && keep < want.length && stack[keep].key === want[keep]) keep++;
      stack.length = keep;
      for (var j = keep; j < want.length; j++) {
        var parent = j ? stack[j - 1].node : root;
        var node;
        if (j < activeP.length) {
          var k = activeP[j].k;
          node = document.createElement('mark');
          node.className = 'passage c' + (k % 8) + ' s' + (k % 4);
          node.dataset.passage = k;
          if (!marks.has(k)) {
            marks.set(k, []);
            node.classList.add('first');
            node.dataset.label = k + 1;
            node.tabIndex = 0;
            node.title = 'Passage ' + (k + 1) + ': click or press Enter to show it in the other ' +
                'document';
          }
          marks.get(k).push(node);
        } else {
          node = document.createElement('span');
          node.className = edit.cls;
          if (edit.title) node.title = edit.title;
        }
        parent.append(node);
        stack.push({key: want[j], node: node});
      }
      (stack.length ? stack[stack.length - 1].node : root).append(text.slice(x, y));
    }
    into.append(root);
    return marks;
  }

  // Scrolls `pane` so that `mark` is in view: wholly when it fits, else filling the pane from
  // its first line. A mark already in view stays where it is.
  function reveal(pane, mark) {
    if (!mark) return;
    var pr = pane.getBoundingClientRect();
    var top = pr.top + pane.clientTop, height = pane.clientHeight, bottom = top + height;
    var r = mark.getBoundingClientRect();
    var tall = r.height >= height - 2;
    var inView = tall ? r.top <= top + 1 && r.bottom >= bottom - 1 : r.top >= top && r.bottom <= bottom;
    if (!inView) {
      var margin = tall ? 0 : Math.max(0, Math.min(48, (height - r.height) / 3));
      pane.scrollTop += r.top - top - margin;
    }
    // Stacked panes (narrow window): the window scrolls too.
    r = mark.getBoundingClientRect();
    if (r.top < 0 || r.top > window.innerHeight - 40) window.scrollBy(0, r.top - window.innerHeight / 3);
  }

  // Selects passage k: marks it current on both sides and scrolls the other pane (both panes
  // when `from` is null) to its first mark.
  function select(k, from) {
    if (!passages || k < 0 || k >= passages.length) return;
    pairView.querySelectorAll('mark.passage.current').forEach(function (m) {
      m.classList.remove('current');
    });
    (marksA.get(k) || []).concat(marksB.get(k) || []).forEach(function (m) {
      m.classList.add('current');
    });
    current = k;
    if (from !== 'a') reveal(paneA, (marksA.get(k) || [])[0]);
    if (from !== 'b') reveal(paneB, (marksB.get(k) || [])[0]);
    var q = passages[k];
    statusLine.textContent = 'Passage ' + (k + 1) + ' of ' + passages.length + ': ' +
        q.kind.replace('_', ' ') + ', score ' + q.score.toFixed(2) + ', ' + pct(q.kept) +
        ' of words kept; ' + num(q.a_words) + ' words in A, ' + num(q.b_words) + ' in B' +
        (q.aligned_by === 'words' ? '; found by shared words alone, no sentence aligned' : '');
  }

  function docHead(side, d, coverage) {
    var meta = [num(d.words) + ' words', pct(coverage) + ' in passages'];
    if (d.date) meta.push(d.date);
    if (d.text_from) meta.push('text from ' + d.text_from);
    if (d.invalid_utf8_sequences) meta.push(d.invalid_utf8_sequences + ' invalid UTF-8 sequences');
    return h('div', {class: 'col-head'}, [
      h('h2', null, [side + ': ', h('span', {class: 'id', text: d.id})]),
      d.url ? h('p', {text: d.url}) : null,
      h('p', {text: meta.join(' \u00b7 ')})]);
  }

  function renderPair(n) {
    var p = pairs[n];
    var detail = block('pair-' + n) || {passages: []};
    passages = detail.passages || [];
    var A = docs[p.a], B = docs[p.b];
    var ta = docText(p.a), tb = docText(p.b);
    var spansA = [], spansB = [], editsA = [], editsB = [];
    passages.forEach(function (q, k) {
      spansA.push({k: k, s: q.a[0], e: q.a[1]});
      spansB.push({k: k, s: q.b[0], e: q.b[1]});
      (q.edits || []).forEach(function (ed) {
        var op = ed[0], syn = ed[5] ? ' synonym' : '';
        var wa = ed[1] >= 0 ? ta.slice(ed[1], ed[2]) : '', wb = ed[3] >= 0 ? tb.slice(ed[3], ed[4]) : '';
        var cls = EDIT_CLASS[op];
        if (!cls) return;
        if (ed[1] >= 0) {
          editsA.push({k: k, s: ed[1], e: ed[2], cls: cls + syn, title: op === 'r' ?
              (syn ? 'synonym, ' : '') + 'replaced in B by \u201c' + clip(wb, 80) + '\u201d' :
              'not in B'});
        }
        if (ed[3] >= 0) {
          editsB.push({k: k, s: ed[3], e: ed[4], cls: cls + syn, title: op === 'r' ?
              (syn ? 'synonym, ' : '') + 'replaces \u201c' + clip(wa, 80) + '\u201d of A' :
              'not in A'});
        }
      });
    });

    pairView.textContent = '';
    var order = view.indexOf(n) >= 0 ? view : pairs.map(function (q) { return q.index; });
    var pos = order.indexOf(n);
    var links = h('span', {class: 'pv-links'});
    if (!isCompare && pos > 0) links.append(h('a', {href: '#pair=' + order[pos - 1], text: '\u2039 previous pair'}), ' ');
    if (!isCompare && pos >= 0 && pos + 1 < order.length) links.append(h('a', {href: '#pair=' + order[pos + 1], text: 'next pair \u203a'}));
    var prev = h('button', {type: 'button', id: 'prev-passage', text: '\u2039 Previous passage (p)'});
    var next = h('button', {type: 'button', id: 'next-passage', text: 'Next passage (n) \u203a'});
    statusLine = h('span', {id: 'passage-status', 'aria-live': 'polite',
      text: passages.length ? passages.length + ' passage' + (passages.length === 1 ? '' : 's') +
          ': click one, or press n / p (j / k) to step through them' : 'No aligned passages.'});
    prev.addEventListener('click', function () { select(Math.max(0, current - 1), null); });
    next.addEventListener('click', function () { select(Math.min(passages.length - 1, current + 1), null); });
    var list = h('ol', {class: 'passage-list', 'aria-label': 'Passages'});
    passages.forEach(function (q, k) {
      list.append(h('li', null, [h('span', {class: 'swatch c' + (k % 8) + ' s' + (k % 4), 'aria-hidden': 'true', text: String(k + 1)}), ' ',
        h('button', {type: 'button', 'data-k': k, text: q.kind.replace('_', ' ') + ', score ' +
            q.score.toFixed(2) + ', ' + pct(q.kept) + ' kept'})]));
    });
    list.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-k]');
      if (b) select(+b.dataset.k, null);
    });
    paneA = h('div', {id: 'pane-a', class: 'pane', role: 'region', tabindex: 0,
      'aria-label': 'Document A: ' + A.id});
    paneB = h('div', {id: 'pane-b', class: 'pane', role: 'region', tabindex: 0,
      'aria-label': 'Document B: ' + B.id});
    var innerA = h('div', {class: 'pane-inner'}), innerB = h('div', {class: 'pane-inner'});
    paneA.append(innerA);
    paneB.append(innerB);
    add(pairView, [
        h('div', {class: 'pv-nav'}, [
          h('a', {id: 'back-to-overview', href: '#overview', text: '\u2190 Overview'}),
          h('h1', null, [(isCompare ? 'Pair' : 'Pair ' + (n + 1) + ' of ' + num(pairs.length)) + ': ',
            relBadge(p.relation)]),
          links]),
        h('p', {class: 'pv-meta', text: 'Coverage A ' + pct(p.coverage_a) + ', B ' +
            pct(p.coverage_b) + ' \u00b7 score ' + (p.score || 0).toFixed(2) + ' \u00b7 ' +
            passages.length + ' passage' + (passages.length === 1 ? '' : 's') +
            ' \u00b7 direction ' + directionText(p, true) +
            (p.found_by ? ' \u00b7 found by ' + p.found_by : '')}),
        h('div', {class: 'pv-tools'}, [prev, next, statusLine,
          h('span', {class: 'legend'}, ['Changed words:',
            h('span', {class: 'lg-replace', text: 'replaced'}),
            h('span', {class: 'lg-replace synonym', text: 'replaced by a synonym'}),
            h('span', {class: 'lg-insert', text: 'inserted'}),
            h('span', {class: 'lg-delete', text: 'deleted'})])]),
        passages.length ? h('details', null, [h('summary', {text: 'Passages (' + passages.length + ')'}), list]) : null,
        h('div', {class: 'columns'}, [
          h('div', {class: 'col'}, [docHead('A', A, p.coverage_a), paneA]),
          h('div', {class: 'col'}, [docHead('B', B, p.coverage_b), paneB])])]);
    marksA = drawText(innerA, ta, spansA, editsA);
    marksB = drawText(innerB, tb, spansB, editsB);
    current = -1;
  }

  // Whether the blocks pair n needs have been read in whole, while the file is still loading: the
  // parser has gone past an element once the element after it exists.
  function blocksRead(n) {
    var p = pairs[n];
    return ['pair-' + n, 'doc-' + p.a, 'doc-' + p.b].every(function (id) {
      var e = document.getElementById(id);
      return e && e.nextElementSibling;
    });
  }

  function showPair(n) {
    if (document.readyState === 'loading' && !blocksRead(n)) {  // still further down the file
      if (!waiting) {
        waiting = true;
        document.addEventListener('DOMContentLoaded', route, {once: true});
      }
      clearTimeout(loadingTimer);  // look again soon: its blocks may come before the end
      loadingTimer = setTimeout(function () {
        if (document.readyState === 'loading' && location.hash === '#pair=' + n) route();
      }, 100);
      if (loadingPair === n && !pairView.hidden) return;
      if (!overview.hidden) overviewScroll = window.scrollY;
      overview.hidden = true;
      pairView.hidden = false;
      pairView.dataset.ready = '0';
      pairView.textContent = '';
      pairView.append(h('div', {class: 'pv-nav'}, [
        h('a', {id: 'back-to-overview', href: '#overview', text: '\u2190 Overview'}),
        h('p', {text: 'Loading the texts of this report\u2026'})]));
      shownPair = -1;
      loadingPair = n;
      return;
    }
    clearTimeout(loadingTimer);
    loadingPair = -1;
    if (n === shownPair && !pairView.hidden) return;
    if (!overview.hidden) overviewScroll = window.scrollY;
    pairView.dataset.ready = '0';
    overview.hidden = true;
    pairView.hidden = false;
    renderPair(n);
    shownPair = n;
    window.scrollTo(0, 0);
    // Start at the first passage of each side.
    reveal(paneA, (marksA.get(0) || [])[0]);
    reveal(paneB, (marksB.get(0) || [])[0]);
    pairView.dataset.ready = '1';
  }

  function showOverview() {
    clearTimeout(loadingTimer);
    loadingPair = -1;
    if (!overview.hidden) return;
    pairView.hidden = true;
    pairView.dataset.ready = '0';
    overview.hidden = false;
    window.scrollTo(0, overviewScroll);
    var link = tbody && tbody.querySelector('tr.pair-row[data-pair="' + shownPair + '"] a.open-pair');
    if (link) link.focus({preventScroll: true});
    shownPair = -1;
  }

  function openPair(n) {
    if (location.hash !== '#pair=' + n) location.hash = 'pair=' + n;
    showPair(n);
  }

  function route() {
    var m = /^#pair=(\d+)$/.exec(location.hash);
    if (m && +m[1] < pairs.length) {
      showPair(+m[1]);
    } else if (isCompare && pairs.length && (location.hash === '' || location.hash === '#')) {
      location.replace('#pair=0');
      showPair(0);
    } else {
      showOverview();
    }
  }

  // ---- keyboard ------------------------------------------------------------------------------

  document.addEventListener('keydown', function (e) {
    if (pairView.hidden || e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t.closest && t.closest('input, select, textarea') && e.key !== 'Escape') return;
    if (e.key === 'Enter' && t.matches && t.matches('mark.passage')) {
      var side = t.closest('#pane-a') ? 'a' : 'b';
      var k = +t.dataset.passage;
      select(k, side);
      var other = ((side === 'a' ? marksB : marksA).get(k) || [])[0];
      if (other) other.focus({preventScroll: true});
      e.preventDefault();
      return;
    }
    var step = {n: 1, j: 1, p: -1, k: -1}[e.key];
    if (step && passages && passages.length) {
      var to = current < 0 ? 0 : Math.max(0, Math.min(passages.length - 1, current + step));
      select(to, null);
      var m = (marksA.get(to) || marksB.get(to) || [])[0];
      if (m) m.focus({preventScroll: true});
      e.preventDefault();
    } else if (e.key === 'Escape') {
      location.hash = 'overview';
    }
  });

  pairView.addEventListener('click', function (e) {
    var m = e.target.closest('mark.passage');
    if (!m) return;
    select(+m.dataset.passage, m.closest('#pane-a') ? 'a' : 'b');
  });

  // ---- start ---------------------------------------------------------------------------------

  renderHead();
  renderFamilies();
  renderTable();
  document.body.dataset.ready = '1';
  if (window.performance && performance.mark) performance.mark('textrace-ready');
  window.addEventListener('hashchange', route);
  window.addEventListener('beforeprint', prepareForPrint);
  window.addEventListener('afterprint', afterPrint);
  if (window.matchMedia) {  // also when print media is emulated, and where beforeprint is late
    var printMedia = window.matchMedia('print');
    var onPrintMedia = function (e) { if (e.matches) prepareForPrint(); else afterPrint(); };
    if (printMedia.addEventListener) printMedia.addEventListener('change', onPrintMedia);
    else if (printMedia.addListener) printMedia.addListener(onPrintMedia);
  }
  route();
})();
