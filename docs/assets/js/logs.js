// NDR Atlas "Analyse logs" page: hands dropped or picked log files to a Web Worker (Pyodide and the
// same classifier as the diagnoser), shows its progress, then the failures by code (filterable by
// domain and code, sortable), by domain and by remote host, a chart over time and a CSV download.
// Loaded on every page; Material's instant navigation re-runs the mount through document$.
(function () {
  "use strict";

  const rootMeta = document.querySelector('meta[name="ndr-atlas-root"]');
  const ROOT = new URL(rootMeta ? rootMeta.content : "./", location.href);
  const MAX_BYTES = 50 * 1024 * 1024;
  const TOP_CODES = 8;
  const SIDE_ROWS = 50;
  // Mid-tone colours, told apart on a white and on a dark background alike.
  const COLOURS = ["#3f6fd8", "#e0692b", "#2f9e6a", "#c2418f", "#8a6bd1", "#c99a16", "#1f9fb8", "#d24b4b", "#7f8c8d"];

  const T = {
    en: {
      booting: "Starting the log reader (Python in your browser)…",
      ready: "Ready: drop or choose log files, or paste log lines.",
      pasted: "pasted lines",
      bootFailed: "The log reader could not start: ",
      tooBig: (name, mb) => `${name} is ${mb} MB; this page reads files up to 50 MB. For bigger logs use the command line: ndr-atlas logs FILE.`,
      started: (n) => `Reading ${n} file${n === 1 ? "" : "s"}…`,
      reading: (file, i, n, lines, failures) => `Reading ${file} (${i} of ${n}): ${lines.toLocaleString("en")} lines, ${failures.toLocaleString("en")} failures so far…`,
      done: (lines, failures, files) => `Read ${lines.toLocaleString("en")} line${lines === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}: ${failures.toLocaleString("en")} failed or deferred deliver${failures === 1 ? "y" : "ies"}.`,
      failed: "Reading stopped: ",
      none: "No failed or deferred delivery found in these files.",
      domain: "Recipient domain", code: "Code", all: "all", count: "Count", deferred: "Deferred", title: "Error",
      reason: "Reason", first: "First seen", last: "Last seen", fix: "fix", noCode: "no code", entries: (n) => `${n} rows`,
      byCode: "Failures by code", byDomain: "By recipient domain", byRemote: "By remote host or connector", host: "Host or connector",
      connector: "connector", chart: "Failures over time", chartAlt: (n, from, to) => `Stacked bar chart of ${n} failures from ${from} to ${to}, one colour per code; the table below holds the same figures.`,
      chartData: "Chart data as a table", period: "Period", other: "other codes", download: "Download as CSV", errors: "Files not read",
      noTimes: "No chart: the failures found carry no times (log lines without their syslog timestamp, as journalctl -o cat prints them).",
      sortBy: (name) => `Sort by ${name}`, shown: (n, total) => `the ${n} most frequent of ${total.toLocaleString("en")}`,
      locale: "en-GB", utc: "UTC", utcNote: "times in UTC", asExported: "time as in the export",
      note: "Note",
      notices: {
        "recipients-lost": (count) => `Export-Csv wrote the Recipients column as "System.String[]", as it writes any list, so the recipients were lost (${count.toLocaleString("en")} failed or deferred deliver${count === 1 ? "y" : "ies"} without recipient or domain). To keep them, join the lists before exporting:`,
      },
    },
    it: {
      booting: "Avvio del lettore di log (Python nel browser)…",
      ready: "Pronto: trascinate o scegliete i file di log, oppure incollate le righe.",
      pasted: "righe incollate",
      bootFailed: "Impossibile avviare il lettore di log: ",
      tooBig: (name, mb) => `${name} pesa ${mb} MB; questa pagina legge file fino a 50 MB. Per log più grandi usate la riga di comando: ndr-atlas logs FILE.`,
      started: (n) => `Lettura di ${n} file…`,
      reading: (file, i, n, lines, failures) => `Lettura di ${file} (${i} di ${n}): ${lines.toLocaleString("it")} righe, ${failures.toLocaleString("it")} errori finora…`,
      done: (lines, failures, files) => `${lines === 1 ? "Letta 1 riga" : `Lette ${lines.toLocaleString("it")} righe`} in ${files} file: ${failures === 1 ? "1 recapito non riuscito o rimandato" : `${failures.toLocaleString("it")} recapiti non riusciti o rimandati`}.`,
      failed: "Lettura interrotta: ",
      none: "Nessun recapito non riuscito o rimandato in questi file.",
      domain: "Dominio del destinatario", code: "Codice", all: "tutti", count: "Totale", deferred: "Rimandati", title: "Errore",
      reason: "Motivo", first: "Primo rilevamento", last: "Ultimo rilevamento", fix: "soluzione", noCode: "nessun codice", entries: (n) => `${n} righe`,
      byCode: "Errori per codice", byDomain: "Per dominio del destinatario", byRemote: "Per server remoto o connettore", host: "Server o connettore",
      connector: "connettore", chart: "Errori nel tempo", chartAlt: (n, from, to) => `Grafico a barre sovrapposte di ${n} errori dal ${from} al ${to}, un colore per codice; la tabella qui sotto riporta gli stessi valori.`,
      chartData: "Dati del grafico in tabella", period: "Periodo", other: "altri codici", download: "Scarica in CSV", errors: "File non letti",
      noTimes: "Nessun grafico: gli errori trovati non hanno orari (righe di log senza l'orario di syslog, come le stampa journalctl -o cat).",
      sortBy: (name) => `Ordina per ${name}`, shown: (n, total) => `i ${n} più frequenti su ${total.toLocaleString("it")}`,
      locale: "it-IT", utc: "UTC", utcNote: "orari in UTC", asExported: "ora come nell'esportazione",
      note: "Nota",
      notices: {
        "recipients-lost": (count) => `Export-Csv ha scritto la colonna Recipients come "System.String[]", come scrive ogni elenco, e i destinatari sono andati persi (${count === 1 ? "1 recapito non riuscito o rimandato" : `${count.toLocaleString("it")} recapiti non riusciti o rimandati`} senza destinatario né dominio). Per conservarli, unite gli elenchi prima di esportare:`,
      },
    },
  };

  // The command that a notice's text ends on, by notice: Get-MessageTrackingLog exported with its
  // lists (Recipients, RecipientStatus) joined, as the command line's summary gives it (summary.py).
  const NOTICE_COMMANDS = {
    "recipients-lost": "Get-MessageTrackingLog … | Select-Object Timestamp,EventId,Source,ConnectorId,ServerHostname,ServerIp," +
      "InternalMessageId,MessageId,@{n='Recipients';e={$_.Recipients -join ';'}}," +
      "@{n='RecipientStatus';e={$_.RecipientStatus -join ';'}} | Export-Csv -NoTypeInformation -Path tracking.csv",
  };

  let engine = null;

  function startEngine() {
    if (engine) return engine;
    const worker = new Worker(new URL("assets/js/logs-worker.mjs", ROOT), { type: "module" });
    engine = { worker, state: "booting", listeners: new Set(), jobs: 0 };
    engine.ready = new Promise((resolve, reject) => {
      worker.addEventListener("message", (event) => {
        const message = event.data;
        if (message.type === "ready") { engine.state = "ready"; resolve(message); }
        else if (message.type === "error") { engine.state = "failed"; reject(new Error(message.message)); }
        else engine.listeners.forEach((listener) => listener(message));
      });
      worker.addEventListener("error", (event) => { engine.state = "failed"; reject(new Error(event.message || "worker error")); });
    });
    worker.postMessage({ type: "init", root: ROOT.href });
    return engine;
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Times as a reader of the page expects them, not as ISO 8601 ("2026-12-04T09:58:11.457000+00:00"):
  // "4 Dec 2026, 09:58:11" in English, "4 dic 2026, 09:58:11" in Italian, 24-hour. A time the log
  // wrote with its zone is shown in UTC (the worker's comparable key) and says so; a time written
  // without one (syslog) is the server's own clock, shown as written. The ISO text stays in the
  // <time> element's datetime and title. Tables sort by the key, never by this text.
  const ISO_PARTS_RE = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d)(?::(\d\d)(?::(\d\d))?)?)?/;
  const formats = new Map();
  function formatter(locale, parts) {
    const key = locale + parts;
    if (!formats.has(key)) {
      const options = { timeZone: "UTC", day: "numeric", month: "short" };
      if (parts.includes("y")) options.year = "numeric";
      if (parts.includes("h")) Object.assign(options, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
      if (parts.includes("s")) options.second = "2-digit";
      formats.set(key, new Intl.DateTimeFormat(locale, options));
    }
    return formats.get(key);
  }
  function utcDate(text) {
    const m = ISO_PARTS_RE.exec(text || "");
    return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0))) : null;
  }
  const hasZone = (text) => /(?:Z|[+-]\d\d:?\d\d)$/.test(text || "");

  // A domain or host name that wraps after its "@" and "." on a phone (text.js).
  const breakable = window.NdrAtlasText.breakable;

  function svg(tag, attributes, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  function mount(container) {
    if (container.dataset.mounted) return;
    container.dataset.mounted = "yes";
    const lang = container.dataset.lang === "it" ? "it" : "en";
    const t = T[lang];
    const pagesRoot = new URL(lang === "it" ? "it/" : "", ROOT);
    const status = container.querySelector("[data-testid=logs-status]");
    const input = container.querySelector("[data-testid=log-file-input]");
    const drop = container.querySelector("[data-testid=log-drop-zone]");
    const progress = container.querySelector("[data-testid=log-progress]");
    // Each step's figures are shown here, not announced: the status line (a live region) says only
    // that reading began, then how it ended.
    const progressText = container.querySelector("[data-testid=log-progress-text]");
    const results = container.querySelector("[data-testid=log-results]");
    let data = null;
    let sort = { key: "count", descending: true };
    const filters = { domain: "", code: "" };

    const current = startEngine();
    status.textContent = current.state === "ready" ? t.ready : t.booting;
    current.ready.then(() => {
      status.textContent = t.ready;
      if (results.dataset.state === "loading") results.dataset.state = "ready";
      results.setAttribute("aria-busy", "false");
    }, (error) => {
      status.textContent = t.bootFailed + error.message;
      results.dataset.state = "error";
      results.setAttribute("aria-busy", "false");
    });

    async function analyse(files) {
      files = Array.from(files);
      if (!files.length) return;
      const tooBig = files.find((file) => file.size > MAX_BYTES);
      if (tooBig) {
        status.classList.remove("ndr-visually-hidden");
        status.textContent = t.tooBig(tooBig.name, (tooBig.size / 1048576).toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
        return;
      }
      await current.ready;
      const id = ++current.jobs;
      results.dataset.state = "working";
      results.setAttribute("aria-busy", "true");
      progress.hidden = false;
      progress.value = 0;
      // Announced once; while reading, the progress line below shows the same and then each step.
      status.textContent = t.started(files.length);
      status.classList.add("ndr-visually-hidden");
      progressText.textContent = t.started(files.length);
      progressText.hidden = false;
      const finished = new Promise((resolve, reject) => {
        const listener = (message) => {
          if (message.id !== id) return;
          if (message.type === "progress") {
            progress.value = (message.index + (message.done ? 1 : message.position)) / message.files;
            progressText.textContent = t.reading(message.file, message.index + 1, message.files, message.lines, message.failures);
          } else if (message.type === "result") { current.listeners.delete(listener); resolve(message.result); }
          else if (message.type === "failed") { current.listeners.delete(listener); reject(new Error(message.message)); }
        };
        current.listeners.add(listener);
      });
      current.worker.postMessage({ type: "analyse", id, files });
      try {
        data = await finished;
        filters.domain = "";
        filters.code = "";
        status.textContent = t.done(data.summary.lines, data.summary.failures, data.summary.files + data.summary.unreadable);
        await render();
        results.dataset.state = "done";
      } catch (error) {
        status.textContent = t.failed + error.message;
        results.dataset.state = "error";
      } finally {
        status.classList.remove("ndr-visually-hidden");
        progress.hidden = true;
        progressText.hidden = true;
        results.setAttribute("aria-busy", "false");
      }
    }

    input.addEventListener("change", () => { analyse(input.files); input.value = ""; });
    drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("ndr-dragging"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("ndr-dragging"));
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      drop.classList.remove("ndr-dragging");
      analyse(event.dataTransfer.files);
    });
    // A paste anywhere on the page but a text field (the site search): copied files, or log lines
    // copied from a terminal or a message trace grid, read as one file. Instant navigation keeps
    // the document, so the listener leaves with its page.
    const onPaste = (event) => {
      if (!container.isConnected) { document.removeEventListener("paste", onPaste); return; }
      const target = event.target;
      if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
      const clipboard = event.clipboardData;
      if (!clipboard) return;
      if (clipboard.files && clipboard.files.length) {
        event.preventDefault();
        analyse(clipboard.files);
        return;
      }
      const text = clipboard.getData("text/plain");
      if (!text.trim()) return;
      event.preventDefault();
      analyse([new File([text], t.pasted, { type: "text/plain" })]);
    };
    document.addEventListener("paste", onPaste);

    // A first or last time: the readable text, the zone said when the log gave one. A time an export
    // wrote without a zone its documentation does not state (note "export": Get-MessageTraceDetailV2
    // from Windows PowerShell 5, Get-MessageTrackingLog) says it is as exported, on a line of its own:
    // beside the time it made the table scroll sideways at 1280 px.
    function timeCell(raw, key, note) {
      if (!raw) return el("td", {});
      const date = utcDate(key || raw);
      if (!date) return el("td", {}, raw);
      const text = formatter(t.locale, "yhs").format(date) + (hasZone(raw) ? ` ${t.utc}` : "");
      return el("td", { class: "ndr-time" }, el("time", { datetime: raw, title: raw }, text),
        note === "export" ? el("span", { class: "ndr-time-note" }, ` (${t.asExported})`) : null);
    }

    // A chart period ("2026-12-04T10" hourly, "2026-12-04" daily) as the page's language writes it.
    function periodText(label) {
      const date = utcDate(label);
      return date ? formatter(t.locale, label.length > 10 ? "h" : "").format(date) : label;
    }

    // ---- From the worker's groups to what is shown, under the current filters ---------------------

    // A row is a code and the catalog page its failures matched ("5.7.1|entry"): a code can have two
    // rows (qmail's "sender rejected" 5.7.1 and another server's 5.7.1). The code filter lists each
    // code once, and selects all of its rows; the chart tells such rows apart by their titles.
    const codeOf = (key) => data.codes[key].code;
    const titleOf = (key) => (data.codes[key].titles && data.codes[key].titles[lang]) || "";
    function codeLabel(key) {
      const code = codeOf(key);
      const label = code === "-" ? t.noCode : code;
      const twins = Object.keys(data.codes).filter((other) => codeOf(other) === code);
      return twins.length > 1 && titleOf(key) ? `${label} – ${titleOf(key)}` : label;
    }
    // A code as the filter lists it: with the titles of its rows when it has several.
    function filterLabel(code) {
      const label = code === "-" ? t.noCode : code;
      const titles = Object.keys(data.codes).filter((key) => codeOf(key) === code).map(titleOf).filter(Boolean);
      return titles.length > 1 ? `${label} (${t.entries(titles.length)}: ${titles.join("; ")})` : label;
    }

    function selected() {
      return data.groups.filter((g) => (!filters.domain || g.domain === filters.domain) && (!filters.code || codeOf(g.code) === filters.code));
    }

    function codeRows(groups) {
      const rows = new Map();
      for (const g of groups) {
        let row = rows.get(g.code);
        if (!row) {
          const info = data.codes[g.code];
          row = { key: g.code, code: info.code, title: titleOf(g.code), page: info.page, entry: info.entry,
                  count: 0, deferred: 0, reasons: new Map(), first: null, firstKey: null, firstNote: null, last: null, lastKey: null, lastNote: null };
          rows.set(g.code, row);
        }
        row.count += g.count;
        row.deferred += g.deferred;
        row.reasons.set(g.reason, (row.reasons.get(g.reason) || 0) + g.count);
        if (g.first_key && (!row.firstKey || g.first_key < row.firstKey)) { row.firstKey = g.first_key; row.first = g.first; row.firstNote = g.first_note; }
        if (g.last_key && (!row.lastKey || g.last_key > row.lastKey)) { row.lastKey = g.last_key; row.last = g.last; row.lastNote = g.last_note; }
      }
      for (const row of rows.values()) row.reason = [...row.reasons.entries()].sort((a, b) => b[1] - a[1])[0][0];
      const keyed = { count: (r) => r.count, deferred: (r) => r.deferred, code: (r) => r.code, title: (r) => r.title, reason: (r) => r.reason,
                      first: (r) => r.firstKey || "", last: (r) => r.lastKey || "" };
      const value = keyed[sort.key];
      return [...rows.values()].sort((a, b) => {
        const x = value(a), y = value(b);
        const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
        return (sort.descending ? -order : order) || b.count - a.count || a.code.localeCompare(b.code);
      });
    }

    function tally(groups, keyOf) {
      const counts = new Map();
      for (const g of groups) {
        const key = keyOf(g);
        if (key) counts.set(key, (counts.get(key) || 0) + g.count);
      }
      return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    }

    // The first rendering is dealt in a few tasks (table, chart, side tables), so that none of them
    // holds the page's main thread for long; later ones (a filter, a sort) are small.
    async function render() {
      results.replaceChildren();
      if (data.errors.length) {
        results.append(el("h2", {}, t.errors), el("ul", { "data-testid": "log-errors" }, data.errors.map((e) => el("li", {}, el("strong", {}, e.file), ": ", e.error))));
      }
      if (!data.summary.failures) {
        results.append(el("p", { class: "ndr-message", "data-testid": "log-none" }, t.none));
        return;
      }
      // What a reader has to tell once for the whole run (an export that lost its recipients), with
      // the files it concerns and the command that avoids it, wrapped to be read whole (logs.css).
      for (const notice of data.notices || []) {
        const text = t.notices[notice.notice];
        if (!text) continue;
        const command = NOTICE_COMMANDS[notice.notice];
        results.append(el("div", { class: "ndr-message ndr-log-notice", role: "note", "data-testid": "log-notice", "data-notice": notice.notice },
          el("p", {}, el("strong", {}, `${t.note}: `), notice.files.join(", "), ": ", text(notice.count)),
          command ? el("pre", {}, el("code", {}, command)) : null));
      }
      const domains = [...new Set(data.groups.map((g) => g.domain).filter(Boolean))].sort();
      const codes = [...new Set(Object.keys(data.codes).map(codeOf))].sort((a, b) => (a === "-") - (b === "-") || a.localeCompare(b, "en", { numeric: true }));
      const domainSelect = el("select", { id: "ndr-log-domain", "data-testid": "log-filter-domain" },
        el("option", { value: "" }, t.all), domains.map((d) => el("option", { value: d, selected: d === filters.domain }, d)));
      const codeSelect = el("select", { id: "ndr-log-code", "data-testid": "log-filter-code" },
        el("option", { value: "" }, t.all), codes.map((c) => el("option", { value: c, selected: c === filters.code }, filterLabel(c))));
      domainSelect.addEventListener("change", () => { filters.domain = domainSelect.value; renderTables(); });
      codeSelect.addEventListener("change", () => { filters.code = codeSelect.value; renderTables(); });
      const download = el("button", { type: "button", class: "md-button", "data-testid": "log-download" }, t.download);
      download.addEventListener("click", downloadCsv);
      results.append(el("div", { class: "ndr-filter" },
        el("label", { for: "ndr-log-domain" }, t.domain), domainSelect,
        el("label", { for: "ndr-log-code" }, t.code), codeSelect, download));
      const holder = el("div", { "data-testid": "log-tables" });
      results.append(holder);
      for (const part of tableParts()) {
        holder.append(part());
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }

    // A reason by its name in the page's language; the machine name stays beside it as a code label.
    function reasonName(reason) {
      const names = (data && data.reasons && data.reasons[reason]) || {};
      return names[lang] && names[lang] !== reason ? names[lang] : "";
    }

    function renderTables() {
      results.querySelector("[data-testid=log-tables]").replaceChildren(...tableParts().map((part) => part()));
    }

    function tableParts() {
      const groups = selected();
      const rows = codeRows(groups);
      const header = (key, label) => {
        const active = sort.key === key;
        const button = el("button", { type: "button", class: "ndr-sort", "aria-label": t.sortBy(label) }, label, active ? (sort.descending ? "\u00a0▼" : "\u00a0▲") : "");
        button.addEventListener("click", () => {
          sort = { key, descending: active ? !sort.descending : key === "count" || key === "deferred" || key === "last" };
          renderTables();
        });
        return el("th", { scope: "col", class: key === "count" || key === "deferred" ? "ndr-num" : null,
          "aria-sort": active ? (sort.descending ? "descending" : "ascending") : null, "data-sort": key }, button);
      };
      const table = el("table", { class: "ndr-log-table", "data-testid": "log-summary" },
        el("caption", {}, t.byCode),
        el("thead", {}, el("tr", {}, header("code", t.code), header("count", t.count), header("deferred", t.deferred), header("title", t.title),
          header("reason", t.reason), header("first", t.first), header("last", t.last))),
        el("tbody", {}, rows.map((r) => el("tr", { "data-testid": "log-row", "data-status": r.code, "data-count": r.count },
          el("td", {}, el("code", {}, r.code === "-" ? "–" : r.code)),
          el("td", { class: "ndr-num" }, r.count.toLocaleString(lang)),
          el("td", { class: "ndr-num" }, r.deferred.toLocaleString(lang)),
          el("td", {}, r.code !== "-" && r.entry ? el("a", { href: new URL(r.page, pagesRoot).href }, r.title) : r.title || t.noCode),
          el("td", {}, reasonName(r.reason), " ", el("code", { class: "ndr-reason-code", "data-testid": "log-reason" }, r.reason)),
          timeCell(r.first, r.firstKey, r.firstNote), timeCell(r.last, r.lastKey, r.lastNote)))));
      // A side table holds the 50 most frequent, and says so when there are more.
      const simple = (caption, testid, heading, entries) => el("table", { class: "ndr-log-table", "data-testid": testid },
        el("caption", {}, caption, entries.length > SIDE_ROWS ? ` (${t.shown(SIDE_ROWS, entries.length)})` : ""),
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, heading), el("th", { scope: "col", class: "ndr-num" }, t.count))),
        el("tbody", {}, entries.slice(0, SIDE_ROWS).map(([key, count]) => el("tr", {}, el("td", { class: "ndr-host" }, breakable(key)), el("td", { class: "ndr-num" }, count.toLocaleString(lang))))));
      // Each table scrolls sideways in its own box on a phone (atlas.css), not the whole page.
      const scroll = (inner) => el("div", { class: "ndr-table-scroll" }, inner);
      return [
        () => scroll(table),
        () => chart(groups, rows),
        () => el("div", { class: "ndr-log-side" },
          scroll(simple(t.byDomain, "log-domains", t.domain, tally(groups, (g) => g.domain))),
          scroll(simple(t.byRemote, "log-remotes", t.host, tally(groups, (g) => (g.kind === "connector" && g.remote ? `${t.connector}: ${g.remote}` : g.remote))))),
      ];
    }

    // ---- The chart: failures per hour (or per day over three days and more), stacked by code -------

    function chart(groups, rows) {
      const wanted = new Set(groups.map((g) => `${g.code}\u0000${g.domain}`));
      const hours = data.hours.filter(([code, domain]) => wanted.has(`${code}\u0000${domain}`));
      const figure = el("figure", { class: "ndr-log-chart", "data-testid": "log-chart" });
      if (!hours.length) {
        if (groups.length) figure.append(el("p", { class: "ndr-chart-none", "data-testid": "log-chart-none" }, t.noTimes));
        return figure;
      }
      const first = hours[0][2], last = hours[hours.length - 1][2];
      const daily = (Date.parse(last + ":00:00Z") - Date.parse(first + ":00:00Z")) / 3600000 > 72;
      const bucketOf = (hour) => (daily ? hour.slice(0, 10) : hour);
      const top = rows.slice().sort((a, b) => b.count - a.count).slice(0, TOP_CODES).map((r) => r.key);
      const series = [...top, ...(rows.length > TOP_CODES ? ["__other__"] : [])];
      const buckets = new Map();
      for (const [code, , hour, count] of hours) {
        const bucket = bucketOf(hour);
        if (!buckets.has(bucket)) buckets.set(bucket, new Map());
        const key = top.includes(code) ? code : "__other__";
        buckets.get(bucket).set(key, (buckets.get(bucket).get(key) || 0) + count);
      }
      // Every period from the first to the last, the empty ones too: with only the periods that had
      // failures, 4 Dec and 13 Dec stood side by side as if a day apart.
      // (Past 400 days a bar a day would be thinner than a pixel: then only the days with failures.)
      const step = daily ? 86400000 : 3600000;
      const start = Date.parse(bucketOf(first) + (daily ? "T00" : "") + ":00:00Z");
      const end = Date.parse(bucketOf(last) + (daily ? "T00" : "") + ":00:00Z");
      if ((end - start) / step < 400) {
        for (let at = start; at <= end; at += step) {
          const label = new Date(at).toISOString().slice(0, daily ? 10 : 13);
          if (!buckets.has(label)) buckets.set(label, new Map());
        }
      }
      const labels = [...buckets.keys()].sort();
      const totals = labels.map((b) => [...buckets.get(b).values()].reduce((x, y) => x + y, 0));
      // The scale's top is even, so that its middle line is a whole count: with a highest bar of 5,
      // the middle line (2.5) was labelled "3".
      const max = Math.max(2, Math.ceil(Math.max(...totals) / 2) * 2);
      // The drawing is as wide as its box (up to 720): a fixed 720-unit drawing shrunk into a phone's
      // 358 px wrote its 10-unit labels 5 px high. Axis labels keep some 64 units apart.
      const width = Math.round(Math.max(300, Math.min(720, results.clientWidth || 720)));
      const height = 260, left = 44, bottom = 40, top_ = 10, plotW = width - left - 10, plotH = height - bottom - top_;
      const ticks = Math.max(2, Math.min(12, Math.floor(plotW / 64)));
      const barW = Math.max(2, Math.min(40, plotW / labels.length - 2));
      const seriesName = (key) => (key === "__other__" ? t.other : codeLabel(key));
      const titleId = `ndr-chart-title-${Math.random().toString(36).slice(2)}`;
      const total = totals.reduce((x, y) => x + y, 0);
      const image = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": titleId, class: "ndr-chart-svg", "data-periods": labels.length },
        svg("title", { id: titleId }, t.chartAlt(total, periodText(labels[0]), periodText(labels[labels.length - 1]))));
      image.append(svg("line", { x1: left, y1: top_ + plotH, x2: width - 10, y2: top_ + plotH, stroke: "currentColor", "stroke-opacity": "0.5" }));
      for (const fraction of [0, 0.5, 1]) {
        const y = top_ + plotH - fraction * plotH;
        image.append(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", "font-size": "11", fill: "currentColor" }, Math.round(max * fraction)));
      }
      let shownDay = "";
      labels.forEach((label, i) => {
        const x = left + (i + 0.5) * (plotW / labels.length) - barW / 2;
        let y = top_ + plotH;
        series.forEach((key, s) => {
          const value = buckets.get(label).get(key) || 0;
          if (!value) return;
          const h = (value / max) * plotH;
          y -= h;
          image.append(svg("rect", { x: x.toFixed(1), y: y.toFixed(1), width: barW.toFixed(1), height: Math.max(h, 0.5).toFixed(1), fill: COLOURS[s % COLOURS.length],
            "data-code": key }, svg("title", {}, `${periodText(label)} — ${seriesName(key)}: ${value}`)));
        });
        if (labels.length <= ticks || i % Math.ceil(labels.length / ticks) === 0) {
          // Hourly: the day is written where it changes, the hour alone elsewhere ("4 Dec, 10:00", "11:00").
          const sameDay = !daily && label.slice(0, 10) === shownDay;
          shownDay = label.slice(0, 10);
          image.append(svg("text", { x: (x + barW / 2).toFixed(1), y: height - bottom + 16, "text-anchor": "middle", "font-size": "10", fill: "currentColor" },
            sameDay ? label.slice(11, 13) + ":00" : periodText(label)));
        }
      });
      const legend = el("ul", { class: "ndr-legend" }, series.map((key, s) => el("li", {},
        el("span", { class: "ndr-swatch", style: `background:${COLOURS[s % COLOURS.length]}` }), seriesName(key))));
      const dataTable = el("details", { class: "ndr-chart-data" }, el("summary", {}, t.chartData),
        // Material lets a table without a class scroll sideways in its own box; tabindex lets the
        // keyboard scroll it too (axe: scrollable-region-focusable), as it holds no link or button.
        el("table", { "data-testid": "log-chart-table", tabindex: "0" },
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t.period), series.map((key) => el("th", { scope: "col" }, seriesName(key))))),
          el("tbody", {}, labels.filter((label) => buckets.get(label).size).map((label) => el("tr", {}, el("th", { scope: "row" }, el("time", { datetime: label.length > 10 ? label + ":00" : label }, periodText(label))),
            series.map((key) => el("td", { class: "ndr-num" }, buckets.get(label).get(key) || 0)))))));
      // The periods are in UTC when every time shown came with its zone (the worker puts those in UTC).
      const utc = groups.every((g) => !g.first || hasZone(g.first));
      figure.append(el("figcaption", {}, t.chart + (utc ? ` (${t.utcNote})` : "")), image, legend, dataTable);
      return figure;
    }

    // ---- CSV of the table by code, as filtered and sorted ------------------------------------------

    function downloadCsv() {
      const quote = (value) => `"${String(value ?? "").replace(/"/g, '""')}"`;
      const lines = [[t.code, t.count, t.deferred, t.title, t.reason, t.first, t.last, t.fix].map(quote).join(",")];
      for (const r of codeRows(selected())) {
        lines.push([r.code === "-" ? "" : r.code, r.count, r.deferred, r.title || t.noCode, r.reason, r.first || "", r.last || "",
          r.entry ? new URL(r.page, pagesRoot).href : ""].map(quote).join(","));
      }
      const blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
      const link = el("a", { href: URL.createObjectURL(blob), download: "ndr-atlas-logs.csv", hidden: true });
      document.body.append(link);
      link.click();
      setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    }
  }

  function mountAll() {
    document.querySelectorAll("[data-ndr-logs]").forEach(mount);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(mountAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
