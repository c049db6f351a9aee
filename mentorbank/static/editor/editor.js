// The bank's editor (redaktor/): registers the record format and starts Decap CMS.
// Files are front matter in the contract's key order (key-order.json, generated from the JSON Schemas),
// without the form's «Имя файла» field (it names the file), without empty values, and the Markdown body.
(function () {
  'use strict';
  var page = document.documentElement;
  var here = /^(localhost|127\.0\.0\.1|\[::1\])$/.test(window.location.hostname);
  var notice = document.getElementById('mb-editor-notice');
  if (page.getAttribute('data-backend') === 'local' && !here) {
    // Local mode works only on the coordinator's own computer (make edit); elsewhere say so instead.
    if (notice) notice.hidden = false;
    return;
  }
  var ID = page.getAttribute('data-id-field') || 'id';

  function empty(value) {
    if (value === null || value === undefined || value === '') return true;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === 'object') return Object.keys(value).length === 0;
    return false;
  }

  // Drop empty values (an untouched optional field must not be written as "" or []), recursively.
  function prune(value) {
    if (Array.isArray(value)) {
      return value.map(prune).filter(function (v) { return !empty(v); });
    }
    if (value && typeof value === 'object') {
      var out = {};
      Object.keys(value).forEach(function (key) {
        var v = prune(value[key]);
        if (!empty(v)) out[key] = v;
      });
      return out;
    }
    return typeof value === 'string' ? value.replace(/\r\n/g, '\n') : value;
  }

  // Keys in the contract's order (order = {keys, nested}); unknown keys after them, as they came.
  function sorted(value, order) {
    if (Array.isArray(value)) return value.map(function (v) { return sorted(v, order); });
    if (!value || typeof value !== 'object' || !order) return value;
    var out = {};
    var keys = order.keys.filter(function (k) { return k in value; });
    Object.keys(value).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
    keys.forEach(function (k) { out[k] = sorted(value[k], order.nested[k]); });
    return out;
  }

  function formatter(orders) {
    return {
      fromFile: function (content) {
        var m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(content);
        if (!m) return { body: content };
        var meta = window.jsyaml.load(m[1], { schema: window.jsyaml.CORE_SCHEMA }) || {};
        meta.body = m[2];
        return meta;
      },
      toFile: function (data) {
        var meta = {};
        Object.keys(data).forEach(function (k) { if (k !== 'body' && k !== ID) meta[k] = data[k]; });
        meta = sorted(prune(meta), orders[meta.type]);
        var body = String(data.body || '').replace(/\r\n/g, '\n').replace(/^\n+/, '');
        if (body && body.slice(-1) !== '\n') body += '\n';
        var yaml = window.jsyaml.dump(meta, { schema: window.jsyaml.CORE_SCHEMA, lineWidth: -1, noRefs: true,
                                              quotingType: '"' });
        return '---\n' + yaml + '---\n' + body;
      }
    };
  }

  fetch('key-order.json').then(function (r) { return r.json(); }).then(function (orders) {
    var CMS = window.CMS;
    CMS.registerCustomFormat(page.getAttribute('data-format'), 'md', formatter(orders));
    CMS.registerEventListener({
      name: 'preSave',
      handler: function (args) {
        var entry = args.entry;
        if (entry.get('newRecord') && !entry.getIn(['data', ID])) {
          throw new Error('Заполните поле «Имя файла (идентификатор)» латиницей, например shkola-molodogo-pedagoga.');
        }
        return entry.get('data');
      }
    });
    CMS.init();
  });
})();
