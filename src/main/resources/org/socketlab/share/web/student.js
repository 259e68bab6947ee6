// The student's page: shows what the server rendered (the story layer's SVG and HTML, escaped there) and lays out
// nothing itself. Live, it follows the session's event stream and fetches each new version's view; from a saved
// page (socketlab export --html) it replays the views embedded in it. No framework, no CDN, no inline script.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3];
  var THEMES = ['light', 'dark', 'high-contrast'];
  var page = {
    lang: 'es', code: '', zoom: 2, live: true, at: -1, latestVersion: -1,
    steps: [],        // one entry per step seen: {step, version, views: {es: view, en: view}}
    answered: {},     // "step/round" answered from this page
    offline: false, source: null
  };

  function remembered(key) {
    try { return window.localStorage.getItem('socketlab.' + key); } catch (e) { return null; }
  }
  function remember(key, value) {
    try { window.localStorage.setItem('socketlab.' + key, value); } catch (e) { /* a file: page may have none */ }
  }

  /** The page's own words in the chosen language: each element carries both (data-es, data-en) from the messages. */
  function words(id) { return $(id).getAttribute('data-' + page.lang) || ''; }
  function fill(template, args) {
    return template.replace(/\{(\d+)\}/g, function (all, i) { return String(args[Number(i)]); });
  }
  function applyWords() {
    document.documentElement.lang = page.lang;
    var all = document.querySelectorAll('[data-msg]');
    for (var i = 0; i < all.length; i++) {
      var el = all[i], text = el.getAttribute('data-' + page.lang) || '';
      var attr = el.getAttribute('data-msg-attr');
      if (attr) { el.setAttribute(attr, text); el.title = text; } else if (el.id !== 'counter') el.textContent = text;
    }
    $('lang').value = page.lang;
  }

  function applyTheme(theme) {
    if (THEMES.indexOf(theme) < 0) theme = 'light';
    document.documentElement.setAttribute('data-theme', theme);
    $('theme').value = theme;
  }

  function applyZoom() {
    var z = ZOOMS[page.zoom];
    document.documentElement.style.setProperty('--zoom', String(z));
    $('zoom-out').disabled = page.zoom === 0;
    $('zoom-in').disabled = page.zoom === ZOOMS.length - 1;
  }

  function zoom(by) {
    page.zoom = by === 0 ? 2 : Math.max(0, Math.min(ZOOMS.length - 1, page.zoom + by));
    applyZoom();
  }

  /** The view of the step shown, in the chosen language when the page has it. */
  function viewAt(i) {
    var entry = page.steps[i];
    if (!entry) return null;
    return entry.views[page.lang] || entry.views.es || entry.views.en;
  }

  function show() {
    var view = viewAt(page.at);
    if (!view) return;
    $('title').textContent = view.title;
    document.title = view.title + ' \u00b7 SocketLab';
    $('counter').textContent = view.step > 0 ? fill(words('counter'), [view.step, view.steps]) : words('start-text');
    $('narration').innerHTML = view.narrationHtml;
    var diagram = $('diagram'), wasAtEnd = diagram.scrollTop + diagram.clientHeight >= diagram.scrollHeight - 8;
    diagram.innerHTML = view.diagramSvg;
    $('machine').innerHTML = view.stateMachineSvg;
    $('sockets').innerHTML = view.socketTableHtml;
    var rows = $('rows');
    rows.textContent = '';
    for (var i = 0; i < view.rowTexts.length; i++) {
      var li = document.createElement('li');
      li.textContent = view.rowTexts[i];
      rows.appendChild(li);
    }
    // Following live, the newest rows are in view; scrolled back, the step's own last rows are.
    if (page.live || wasAtEnd) diagram.scrollTop = diagram.scrollHeight;
    showQuestion(page.live && !page.offline ? view.question : null);
    $('back').disabled = page.at <= 0;
    $('forward').disabled = page.at >= page.steps.length - 1;
    $('live').setAttribute('aria-pressed', String(page.live));
    $('scrolled').hidden = page.live || page.offline;
  }

  function showQuestion(q) {
    var box = $('question');
    if (!q) { box.hidden = true; return; }
    box.hidden = false;
    $('prompt').textContent = q.prompt;
    var options = $('options'), key = q.step + '/' + q.round;
    options.textContent = '';
    q.options.forEach(function (text, i) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = text;
      b.disabled = key in page.answered;
      b.addEventListener('click', function () { answer(q, i); });
      options.appendChild(b);
    });
    $('answer-status').textContent = key in page.answered ? words(page.answered[key] ? 'answer-sent' : 'answer-refused') : '';
  }

  function answer(q, option) {
    var key = q.step + '/' + q.round;
    if (key in page.answered) return;
    page.answered[key] = false;
    var body = new URLSearchParams({ step: q.step, round: q.round, option: option });
    fetch('answer?code=' + encodeURIComponent(page.code), { method: 'POST', body: body, cache: 'no-store' })
      .then(function (r) { page.answered[key] = r.ok; })
      .catch(function () { page.answered[key] = false; })
      .then(function () { showQuestion(q); });
    showQuestion(q);
  }

  function go(i) {
    if (i < 0 || i >= page.steps.length) return;
    page.at = i;
    page.live = !page.offline && i === page.steps.length - 1 && page.live;
    show();
  }

  function step(by) {
    page.live = false;
    go(page.at + by);
    if (!page.offline && page.at === page.steps.length - 1) followLive();
  }

  function followLive() {
    if (page.offline) return;
    page.live = true;
    page.at = page.steps.length - 1;
    show();
    if (!viewAt(page.at) || !page.steps[page.at].views[page.lang]) fetchView().catch(function () { });
  }

  /** A view the server sent: the step's entry is the newest version of that step. */
  function keep(view) {
    if (view.version > page.latestVersion) page.latestVersion = view.version;
    var last = page.steps[page.steps.length - 1];
    if (last && last.step === view.step) {
      if (view.version > last.version) { last.version = view.version; last.views = {}; }
      if (view.version === last.version) last.views[view.lang] = view;
    } else if (!last || view.step > last.step || view.version > last.version) {
      var entry = { step: view.step, version: view.version, views: {} };
      entry.views[view.lang] = view;
      page.steps.push(entry);
    }
    if (page.live) page.at = page.steps.length - 1;
    show();
  }

  function fetchView() {
    return fetch('view?code=' + encodeURIComponent(page.code) + '&lang=' + page.lang, { cache: 'no-store' })
      .then(function (r) {
        if (r.status === 401 || r.status === 403 || r.status === 404 || r.status === 429) throw new Error('refused');
        if (!r.ok) throw new Error('failed');
        return r.json();
      })
      .then(keep);
  }

  function refused(which) {
    $('room').hidden = true;
    $('join').hidden = false;
    var error = $('join-error');
    error.textContent = words(which === 'refused' ? 'join-wrong' : 'join-failed');
    error.hidden = false;
    $('code').focus();
  }

  function join(code) {
    page.code = code.trim().toUpperCase();
    if (!page.code) return;
    $('join-error').hidden = true;
    fetchView().then(function () {
      $('join').hidden = true;
      $('room').hidden = false;
      try { window.sessionStorage.setItem('socketlab.code', page.code); } catch (e) { /* none */ }
      listen();
    }, function (e) { refused(e.message); });
  }

  /** The session's stream: each message is a new version; its view is fetched once, in the page's language. */
  function listen() {
    if (page.source) page.source.close();
    var source = new EventSource('events?code=' + encodeURIComponent(page.code));
    page.source = source;
    // The server names its events "version" (event: version, data: N); an unnamed message is read the same way.
    var onVersion = function (e) {
      var version = parseInt(e.data, 10);
      if (isNaN(version) || version > page.latestVersion) fetchView().catch(function () { /* next message retries */ });
    };
    source.addEventListener('version', onVersion);
    source.onmessage = onVersion;
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) refused('failed');
    };
  }

  function setLang(lang) {
    page.lang = lang === 'en' ? 'en' : 'es';
    remember('lang', page.lang);
    applyWords();
    show();
    var entry = page.steps[page.at];
    if (!page.offline && entry && !entry.views[page.lang] && page.at === page.steps.length - 1) fetchView().catch(function () { });
  }

  function onKey(e) {
    var t = e.target, typing = t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA');
    if (typing || e.ctrlKey || e.metaKey || e.altKey || $('room').hidden) return;
    var handled = true;
    switch (e.key) {
      case 'ArrowLeft': case 'PageUp': step(-1); break;
      case 'ArrowRight': case 'PageDown': step(1); break;
      case 'Home': page.live = false; go(0); break;
      case 'End': if (page.offline) go(page.steps.length - 1); else followLive(); break;
      case 'l': case 'L': followLive(); break;
      case '+': case '=': zoom(1); break;
      case '-': zoom(-1); break;
      case '0': zoom(0); break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  }

  function start() {
    var asked = /(?:^|[?&])lang=(es|en)/.exec(window.location.search);
    var lang = asked ? asked[1] : remembered('lang') || ((navigator.language || 'es').slice(0, 2) === 'en' ? 'en' : 'es');
    var dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
    var more = window.matchMedia && window.matchMedia('(prefers-contrast: more)').matches;
    applyTheme(remembered('theme') || (more ? 'high-contrast' : dark ? 'dark' : 'light'));
    page.lang = lang;
    applyWords();
    applyZoom();
    $('lang').addEventListener('change', function () { setLang($('lang').value); });
    $('theme').addEventListener('change', function () { applyTheme($('theme').value); remember('theme', $('theme').value); });
    $('back').addEventListener('click', function () { step(-1); });
    $('forward').addEventListener('click', function () { step(1); });
    $('live').addEventListener('click', followLive);
    $('zoom-in').addEventListener('click', function () { zoom(1); });
    $('zoom-out').addEventListener('click', function () { zoom(-1); });
    $('zoom-fit').addEventListener('click', function () { zoom(0); });
    document.addEventListener('keydown', onKey);

    var saved = $('saved-views');
    if (saved) { // a saved session: every step's views are in the page
      page.offline = true;
      page.live = false;
      JSON.parse(saved.textContent).forEach(function (s) { page.steps.push({ step: s.es.step, version: s.es.version, views: s }); });
      $('join').hidden = true;
      $('live').hidden = true;
      $('saved').hidden = false;
      $('room').hidden = false;
      go(0);
      return;
    }
    $('join').addEventListener('submit', function (e) { e.preventDefault(); join($('code').value); });
    var given = /(?:^|[?&])code=([A-Za-z0-9]+)/.exec(window.location.search);
    var kept = null;
    try { kept = window.sessionStorage.getItem('socketlab.code'); } catch (e) { /* none */ }
    if (given || kept) { $('code').value = given ? given[1] : kept; join($('code').value); } else $('code').focus();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
}());
