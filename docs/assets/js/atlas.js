// NDR Atlas page scripts: the catalog filter and the diagnoser (which talks to a Web Worker).
// Loaded once; Material's instant navigation re-runs the mount functions on every page via
// document$, so the worker is started once and reused across pages.
(function () {
  "use strict";

  const rootMeta = document.querySelector('meta[name="ndr-atlas-root"]');
  // The site root (where pyodide/ and the runtime bundle live), fixed at first load.
  const ROOT = new URL(rootMeta ? rootMeta.content : "./", location.href);
  // Pyodide hangs instead of failing when its .wasm is blocked or served with a wrong type, so
  // the boot has a deadline (tests shorten it through window.__ndrAtlasBootTimeoutMs).
  const BOOT_TIMEOUT_MS = window.__ndrAtlasBootTimeoutMs || 90000;
  const MAX_INPUT_BYTES = 5 * 1024 * 1024;

  // Italian says "nessun …" for none, and its singular differs from the plural.
  const failedIt = (n, none, one, many) => (n === 0 ? none : n === 1 ? one : many);

  const T = {
    en: {
      booting: "Starting the diagnoser (Python in your browser)…",
      ready: (ms) => `Ready. Diagnoser started in ${(ms / 1000).toFixed(1)} s.`,
      bootFailed: "The diagnoser could not start: ",
      bootTimeout: `The diagnoser did not start within ${Math.round(BOOT_TIMEOUT_MS / 1000)} seconds. Reload the page; if it keeps failing, your browser may block WebAssembly.`,
      working: "Diagnosing…",
      empty: "Nothing to diagnose yet: paste a bounce message or an error line, or drop an .eml file.",
      tooBig: (name, mb) => `${name} is ${mb} MB; the diagnoser reads inputs up to 5 MB. A bounce is rarely bigger than a few hundred KB: paste only the report (without large attachments).`,
      cancelled: "Cancelled. The diagnoser is restarting.",
      recipient: "Recipient", unknownRecipient: "not stated", reason: "Reason", outcome: "Outcome",
      // The classifier words the two facts (Python, ndr_atlas/verdict.py); these are the same words
      // for a result rebuilt from its codes alone.
      words: { permanent: "Permanent failure", temporary: "Temporary failure", hard: "address is bad (hard bounce)", soft: "address may still be valid (soft bounce)",
        remove: "remove it from your lists", fix: "fix the cause and resend", retrying: "the sending server is still retrying", resend: "not sent yet: the application has to send it again later", later: "resend later, or once the cause is fixed" },
      remote: "Remote server", command: "Refused at SMTP command", said: "Server said", evidence: "Lines that decided it", fix: "How to fix it",
      inferred: "inferred", reply: "SMTP reply", status: "Status", found: (n, d = 0, app = false) => `${n - d} failed recipient${n - d === 1 ? "" : "s"} found.`
        + (!d ? "" : app ? ` ${d} refused for now: the application has to send again later.` : ` ${d} delayed: the sending server is still retrying.`),
      summary: "Summary", byReason: "By reason", byCode: "By code", count: "Count", file: "File", input: "Pasted text",
      done: (ms) => `Done in ${ms} ms.`, indexLink: ["Or ", "browse the catalog of error codes", "."],
      addresses: "Addresses in this report", noAddress: "(not stated)",
      addressWhat: { delivered: "delivered", deliverable: "deliverable (address check)", relayed: "relayed", expanded: "expanded to a list", delayed: "delayed", complaint: "complaint", autoreply: "automatic reply", challenge: "held until the sender confirms", displayed: "read receipt: displayed", deleted: "read receipt: deleted unread", processed: "read receipt: processed", dispatched: "read receipt: sent on", quoted: "address in the quoted error", recalled: "recalled", "not-recalled": "not recalled", quarantine: "its quarantine holds the messages", "quota-warning": "mailbox almost full", "list-notice": "the list wrote to this address" },
      downloading: (done, total) => `Downloading the diagnoser: ${done} of ${total} MB…`,
      starting: "Starting Python…",
      queued: "Your input will be diagnosed as soon as the diagnoser is ready.",
      pasted: (mb) => `${mb} MB pasted`, removePasted: "Remove the pasted text",
      pasteUnread: "The browser did not pass on the pasted text: please paste it again.",
      shareLink: "Link to this result", shareNote: "The link holds only codes, reasons and page names: no address, server name or text from the report.",
      copyTicket: "Copy for a ticket", copied: "Copied: paste it into the ticket.", copyFailed: "Copy it from here:",
      sharedTitle: "Shared result: codes and reasons only (the report itself was not shared).",
      ticketHead: (n, d = 0, app = false) => `NDR Atlas diagnosis: ${n - d} failed recipient${n - d === 1 ? "" : "s"}`
        + (!d ? "" : app ? `, ${d} refused for now (to be sent again)` : `, ${d} delayed (still being retried)`),
      meaning: "Meaning", fixAt: "Fix",
    },
    it: {
      booting: "Avvio del diagnostico (Python nel browser)…",
      ready: (ms) => `Pronto. Diagnostico avviato in ${(ms / 1000).toFixed(1).replace(".", ",")} s.`,
      bootFailed: "Impossibile avviare il diagnostico: ",
      bootTimeout: `Il diagnostico non si è avviato entro ${Math.round(BOOT_TIMEOUT_MS / 1000)} secondi. Ricaricate la pagina; se il problema persiste, il browser potrebbe bloccare WebAssembly.`,
      working: "Analisi in corso…",
      empty: "Non c'è ancora nulla da analizzare: incollate un messaggio di ritorno o una riga di errore, oppure trascinate un file .eml.",
      tooBig: (name, mb) => `${name} pesa ${mb} MB; il diagnostico legge input fino a 5 MB. Un rapporto di mancato recapito raramente supera qualche centinaio di KB: incollate solo il rapporto (senza allegati pesanti).`,
      cancelled: "Annullato. Il diagnostico si sta riavviando.",
      recipient: "Destinatario", unknownRecipient: "non indicato", reason: "Motivo", outcome: "Esito",
      words: { permanent: "Errore permanente", temporary: "Errore temporaneo", hard: "l'indirizzo non è valido (hard bounce)", soft: "l'indirizzo può essere ancora valido (soft bounce)",
        remove: "toglietelo dalle vostre liste", fix: "risolvete la causa e reinviate il messaggio", retrying: "il server di invio sta ancora riprovando", resend: "non ancora inviato: l'applicazione deve ritentare l'invio più tardi", later: "reinviate più tardi, o dopo aver risolto la causa" },
      remote: "Server remoto", command: "Rifiutato al comando SMTP", said: "Risposta del server", evidence: "Righe decisive", fix: "Come risolvere",
      inferred: "dedotto", reply: "Risposta SMTP", status: "Stato", found: (n, d = 0, app = false) => failedIt(n - d, "Nessun destinatario non raggiunto.", "Trovato 1 destinatario non raggiunto.", `Trovati ${n - d} destinatari non raggiunti.`)
        + (!d ? "" : app ? ` ${d} ${d === 1 ? "rifiutato" : "rifiutati"} per ora: l'applicazione deve ritentare l'invio più tardi.` : ` ${d} con recapito ritardato: il server di invio sta ancora riprovando.`),
      summary: "Riepilogo", byReason: "Per motivo", byCode: "Per codice", count: "Numero", file: "File", input: "Testo incollato",
      done: (ms) => `Completato in ${ms} ms.`, indexLink: ["Oppure ", "sfogliate il catalogo dei codici di errore", "."],
      addresses: "Indirizzi in questo rapporto", noAddress: "(non indicato)",
      addressWhat: { delivered: "recapitato", deliverable: "recapitabile (verifica dell'indirizzo)", relayed: "inoltrato", expanded: "espanso in una lista", delayed: "recapito ritardato", complaint: "segnalazione", autoreply: "risposta automatica", challenge: "trattenuto finché il mittente non conferma", displayed: "conferma di lettura: visualizzato", deleted: "conferma di lettura: eliminato senza leggerlo", processed: "conferma di lettura: elaborato", dispatched: "conferma di lettura: inoltrato", quoted: "indirizzo nell'errore citato", recalled: "richiamato", "not-recalled": "non richiamato", quarantine: "i messaggi sono nella sua quarantena", "quota-warning": "casella quasi piena", "list-notice": "la lista ha scritto a questo indirizzo" },
      downloading: (done, total) => `Download del diagnostico: ${done} di ${total} MB…`,
      starting: "Avvio di Python…",
      queued: "Il testo verrà analizzato appena il diagnostico è pronto.",
      pasted: (mb) => `${mb} MB incollati`, removePasted: "Rimuovi il testo incollato",
      pasteUnread: "Il browser non ha trasmesso il testo incollato: incollatelo di nuovo.",
      shareLink: "Link a questo risultato", shareNote: "Il link contiene solo codici, motivi e nomi di pagina: nessun indirizzo, nome di server o testo del rapporto.",
      copyTicket: "Copia per un ticket", copied: "Copiato: incollatelo nel ticket.", copyFailed: "Copiatelo da qui:",
      sharedTitle: "Risultato condiviso: solo codici e motivi (il rapporto non è stato condiviso).",
      ticketHead: (n, d = 0, app = false) => "Diagnosi NDR Atlas: " + failedIt(n - d, "nessun destinatario non raggiunto", "1 destinatario non raggiunto", `${n - d} destinatari non raggiunti`)
        + (!d ? "" : app ? `, ${d} ${d === 1 ? "rifiutato" : "rifiutati"} per ora (da reinviare)` : `, ${d} con recapito ritardato (nuovi tentativi in corso)`),
      meaning: "Significato", fixAt: "Soluzione",
    },
  };

  // Megabytes with one decimal, written the page language's way.
  function mb(bytes, lang) {
    const text = (bytes / 1048576).toFixed(1);
    return lang === "it" ? text.replace(".", ",") : text;
  }

  // ---- The worker, shared by every visit to the diagnoser during this page session ----------
  // It starts on intent (the diagnoser page opens, a link to it is hovered or focused), never
  // on a plain visit to a reference page.
  const engine = {
    worker: null, state: "idle", readyMs: 0, mode: "", error: "", progress: null,
    listeners: new Set(), pending: new Map(), nextId: 1, timer: 0,
  };

  function emit() { engine.listeners.forEach((fn) => fn()); }

  // Progress is announced to screen readers: only whole-megabyte steps and stage changes.
  function onProgress(msg) {
    const before = engine.progress;
    engine.progress = msg;
    const step = (p) => (p ? p.stage + ":" + Math.floor((p.done || 0) / 1048576) : "");
    if (step(before) !== step(msg)) emit();
  }

  function startEngine() {
    if (engine.worker) return;
    engine.state = "loading";
    engine.error = "";
    engine.progress = null;
    // The diagnoser page's head may have started it already (overrides/main.html): taken over once.
    const early = window.__ndrAtlasEarlyEngine;
    window.__ndrAtlasEarlyEngine = null;
    engine.startedAt = early ? early.startedAt : Math.round(performance.now());
    const worker = early ? early.worker : new Worker(new URL("assets/js/diagnoser-worker.mjs", ROOT), { type: "module", name: engineHints() });
    engine.worker = worker;
    engine.timer = setTimeout(() => {
      if (engine.worker === worker && engine.state === "loading") {
        engine.state = "error";
        engine.error = "timeout";
        emit();
      }
    }, BOOT_TIMEOUT_MS);
    worker.onmessage = (event) => {
      const msg = event.data;
      if (engine.worker !== worker) return;
      if (msg.type === "progress") { onProgress(msg); return; }
      if (msg.type === "ready") {
        clearTimeout(engine.timer);
        engine.state = "ready";
        engine.readyMs = msg.ms;
        engine.mode = msg.mode;
        // Page-clock times too: when the worker was asked to start, began, said ready (bench/bench.py).
        const { began_at: beganAt, ...stages } = msg.stages;
        engine.stages = { ...stages, page_worker_started: engine.startedAt, page_worker_began: Math.round(beganAt - performance.timeOrigin),
          page_ready: Math.round(event.timeStamp || performance.now()) };
        if (msg.mode === "snapshot") rememberKept();
        settleSoon();
      } else if (msg.type === "error") {
        clearTimeout(engine.timer);
        engine.state = "error";
        engine.error = msg.message;
      } else if (msg.type === "result") {
        const resolve = engine.pending.get(msg.id);
        engine.pending.delete(msg.id);
        if (engine.state === "busy") engine.state = "ready";
        if (resolve) resolve(msg);
        if (engine.settleTimer) { clearTimeout(engine.settleTimer); engine.settleTimer = setTimeout(settle, 100); }  // once it is shown
      }
      emit();
    };
    worker.onerror = (event) => {
      if (engine.worker !== worker) return;
      clearTimeout(engine.timer);
      engine.state = "error";
      engine.error = event.message || "worker failed to load";
      emit();
    };
    if (early) early.events.forEach((event) => (event.type === "message" ? worker.onmessage : worker.onerror)(event));
    emit();
  }

  // The worker's name carries the page's hints (it starts itself, with no message to wait for):
  // "kept" when an earlier visit kept the inflated snapshot in Cache Storage (the worker looks
  // there only then). The head of the diagnoser page says the same (overrides/main.html).
  const KEPT_KEY = "ndr-atlas-engine-kept";
  function engineHints() {
    try {
      return localStorage.getItem(KEPT_KEY) === "1" ? "ndr-atlas-engine kept" : "ndr-atlas-engine";
    } catch (error) {
      return "ndr-atlas-engine";
    }
  }
  function rememberKept() {
    try { localStorage.setItem(KEPT_KEY, "1"); } catch (error) { /* no storage: every visit downloads */ }
  }

  // What waits until the engine is ready and an input pasted meanwhile has been answered, so that
  // nothing competes with that first answer for the cores: the service worker's precache, the
  // worker keeping its inflated snapshot, the site search's worker (held by the page's head).
  function settleSoon() {
    if (engine.settled) return;
    // A run asked by the "ready" render below settles once its result is in (see "result").
    engine.settleTimer = setTimeout(settle, 3000);
    setTimeout(() => { if (!engine.pending.size) { clearTimeout(engine.settleTimer); settle(); } }, 0);
  }
  function settle() {
    if (engine.settled) return;
    engine.settled = true;
    clearTimeout(engine.settleTimer);
    engine.settleTimer = 0;
    registerOffline();  // after the engine's own downloads, so its precache reuses them
    if (engine.worker) engine.worker.postMessage({ type: "keep" });
    window.dispatchEvent(new Event("ndr-atlas-engine-settled"));
  }

  function restartEngine() {
    if (engine.worker) engine.worker.terminate();
    clearTimeout(engine.timer);
    engine.settled = false;
    engine.worker = null;
    engine.pending.forEach((resolve) => resolve(null));
    engine.pending.clear();
    startEngine();
  }

  function ask(message, busy) {
    return new Promise((resolve) => {
      const id = engine.nextId++;
      engine.pending.set(id, resolve);
      if (busy) engine.state = "busy";
      const transfer = (message.inputs || []).map((i) => i.data).filter((d) => d instanceof Uint8Array).map((d) => d.buffer);
      engine.worker.postMessage({ ...message, id }, transfer);
      emit();
    });
  }

  function runDiagnosis(inputs) { return ask({ type: "diagnose", inputs }, true); }

  function isDiagnoserLink(target) {
    const link = target && target.closest ? target.closest("a[href]") : null;
    if (!link) return false;
    const url = new URL(link.href, location.href);
    return url.origin === ROOT.origin && [ROOT.pathname + "diagnose/", ROOT.pathname + "it/diagnose/"].includes(url.pathname);
  }

  function startOnIntent(event) { if (isDiagnoserLink(event.target)) startEngine(); }
  document.addEventListener("pointerover", startOnIntent, { passive: true });
  document.addEventListener("focusin", startOnIntent);

  // ---- Small DOM helpers: everything from the input is set as text, never as HTML ------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  // An address or host name that wraps after its "@" and "." on a phone (text.js).
  const breakable = window.NdrAtlasText.breakable;
  // The addresses and host names in a server's words ("<anna@mx.example.org>", "mx1.example.net[…]"),
  // found word by word: the text is split at spaces and brackets, never searched with backtracking.
  const HOST_RE = /^(?:[A-Za-z0-9-]+\.){2,}[A-Za-z]{2,}\.?$/;
  function withBreakableAddresses(text) {
    const fragment = document.createDocumentFragment();
    for (const word of String(text).split(/([\s<>()[\]"',;]+)/)) {
      fragment.append(word.includes("@") || HOST_RE.test(word) ? breakable(word) : word);
    }
    return fragment;
  }

  // Two separate facts (see the reasons page): permanent or temporary, from the code's class, and
  // whether the address itself is bad (a hard bounce).
  function isPermanent(r) {
    if (typeof r.permanent === "boolean") return r.permanent;
    const code = [r.status, r.reply_code].find((c) => c && "45".includes(c[0]));
    return code ? code[0] === "5" : r.action !== "delayed";
  }

  function verdictOf(r, lang) {
    if (r.verdicts && r.verdicts[lang]) return r.verdicts[lang];
    const w = T[lang].words;
    const permanent = isPermanent(r);
    const advice = r.hard_bounce ? w.remove : permanent ? w.fix : r.action === "delayed" ? (r.retry === "application" ? w.resend : w.retrying) : w.later;
    return `${permanent ? w.permanent : w.temporary} · ${r.hard_bounce ? w.hard : w.soft}: ${advice}`;
  }

  // Reasons are shown by their name in the reader's language; the machine name is a code label.
  // A result rebuilt from a share link may carry the machine name alone ("").
  function reasonName(r, lang) {
    return (r.reason_titles && r.reason_titles[lang]) || "";
  }

  // Catalog texts mark codes and literal strings with backticks: shown as <code>, built as nodes
  // (never parsed as HTML).
  function withCode(text) {
    return String(text).split("`").map((part, index) => (index % 2 ? el("code", { text: part }) : part));
  }

  function pageHref(lang, page) {
    // Entry pages only ever come from the catalog ("codes/…"); anything else goes to the index.
    const safe = /^codes\/[0-9A-Za-z.\-]*\/?(#[a-z0-9-]+)?$/.test(page) ? page : "codes/";
    return new URL((lang === "it" ? "it/" : "") + safe, ROOT).href;
  }

  // ---- Share links: only codes, reasons and page names, built from the result ----------------
  // "#r=" then one item per recipient, items separated by ",", fields by "~":
  // status ~ reply code ~ reason ~ h|s (hard or soft) ~ page ("4.4.316" or "4.4.316:variant").
  const SHARE_ITEM = /^(\d\.\d{1,3}\.\d{1,3})?~(\d{3})?~([a-z]{2,30})~([hs])~([0-9A-Za-z.-]{1,40}(?::[a-z0-9-]{1,60})?)?$/;
  const SHARE_MAX = 50;

  function shareItem(r) {
    const page = /^codes\/([0-9A-Za-z.-]+)\/(?:#([a-z0-9-]+))?$/.exec(r.page || "");
    const item = [r.status || "", r.reply_code || "", r.reason || "", r.hard_bounce ? "h" : "s", page ? page[1] + (page[2] ? ":" + page[2] : "") : ""].join("~");
    return SHARE_ITEM.test(item) ? item : null;
  }

  function shareUrl(results) {
    const items = results.map(shareItem).filter(Boolean).slice(0, SHARE_MAX);
    const url = new URL(location.href);
    url.search = "";
    url.hash = "r=" + items.join(",");
    return url.href;
  }

  // The results a shared link stands for, or null when the address holds none (or anything else).
  function sharedResults(hash) {
    if (!hash.startsWith("#r=")) return null;
    const items = decodeURIComponent(hash.slice(3)).split(",").slice(0, SHARE_MAX);
    const results = [];
    for (const item of items) {
      const m = SHARE_ITEM.exec(item);
      if (!m) return null;
      const [page, variant] = (m[5] || "").split(":");
      results.push({
        status: m[1] || null, reply_code: m[2] || null, reason: m[3], hard_bounce: m[4] === "h",
        page: page ? `codes/${page}/` + (variant ? "#" + variant : "") : "codes/", titles: {}, summaries: {},
      });
    }
    return results.length ? results : null;
  }

  // Plain text for a helpdesk ticket, per recipient: status, meaning and the fix page.
  function ticketText(results, lang) {
    const t = T[lang];
    const delayed = results.filter((r) => r.action === "delayed");
    const lines = [t.ticketHead(results.length, delayed.length, delayed.length > 0 && delayed.every((r) => r.retry === "application")), ""];
    results.forEach((r, i) => {
      const code = [r.reply_code, r.status].filter(Boolean).join(" ") || "?";
      lines.push(`${i + 1}. ${r.recipient || t.unknownRecipient}`);
      lines.push(`   ${t.status}: ${code}`);
      lines.push(`   ${t.reason}: ${reasonName(r, lang) ? reasonName(r, lang) + " " : ""}[${r.reason}]`);
      lines.push(`   ${t.outcome}: ${verdictOf(r, lang)}`);
      if (r.titles && r.titles[lang]) lines.push(`   ${t.meaning}: ${r.titles[lang].replaceAll("`", "")}`);
      lines.push(`   ${t.fixAt}: ${pageHref(lang, r.page)}`);
    });
    return lines.join("\n") + "\n";
  }

  // ---- The diagnoser page ---------------------------------------------------------------------
  // Pastes and drops above this many characters never reach the text box. Measured with
  // bench/paste_bench.py (text set in this box and laid out, Chromium on two busy cores): the cost
  // grows about linearly, 0.3-0.8 ms per KB: 64 KB takes 12-35 ms, 100 KB 40-60 ms (a real paste
  // of it up to ~110 ms), 200 KB 70-160 ms, 2 MB 0.7-1.5 s. At 64 KB a real paste has no task
  // over 50 ms, well under the 100 ms an action may take before it feels slow; a bounce is
  // rarely bigger, and a bigger one is still diagnosed (from the chip).
  const INLINE_PASTE_MAX = 64 * 1024;
  let readPastesLater = window.isSecureContext && Boolean(navigator.clipboard && navigator.clipboard.readText);

  function mountDiagnoser(container) {
    if (container.dataset.mounted) return;
    container.dataset.mounted = "1";
    const lang = container.dataset.lang === "it" ? "it" : "en";
    const t = T[lang];
    const input = container.querySelector("[data-testid=ndr-input]");
    const button = container.querySelector("[data-testid=diagnose]");
    const cancel = container.querySelector("[data-testid=cancel]");
    const status = container.querySelector("[data-testid=engine-status]");
    // The status line is the one thing a screen reader announces; when it repeats the note the results
    // show, it is announced but not shown twice.
    const setStatus = (text, shownBelow = false) => {
      status.textContent = text;
      status.classList.toggle("ndr-visually-hidden", shownBelow);
    };
    const out = container.querySelector("[data-testid=diagnosis]");
    const drop = container.querySelector("[data-testid=drop-zone]");
    const fileInput = container.querySelector("[data-testid=file-input]");
    let files = [];
    let bigText = null;  // {text, bytes}: a big paste, kept out of the text box
    let queued = false;  // an input waits for the engine
    let pasteIntoEmpty = false;
    let shared = sharedResults(location.hash);

    const chipLabel = el("span", { class: "ndr-chip-label", "data-testid": "paste-chip-label" });
    const chipRemove = el("button", { type: "button", class: "ndr-chip-remove", "data-testid": "paste-chip-remove", "aria-label": t.removePasted, title: t.removePasted, text: "×" });
    const chip = el("div", { class: "ndr-chip", "data-testid": "paste-chip", hidden: "" }, chipLabel, chipRemove);
    input.after(chip);

    function statusText() {
      if (engine.state === "loading" || engine.state === "idle") {
        const p = engine.progress;
        const text = p && p.stage === "download" && p.total ? t.downloading(mb(p.done, lang), mb(p.total, lang))
          : p && p.stage === "start" ? t.starting : t.booting;
        return queued ? text + " " + t.queued : text;
      }
      if (engine.state === "error") return engine.error === "timeout" ? t.bootTimeout : t.bootFailed + engine.error;
      if (engine.state === "busy") return t.working;
      return t.ready(engine.readyMs);
    }

    function render() {
      if (!container.isConnected) { engine.listeners.delete(render); return; }
      const busy = engine.state === "busy";
      button.disabled = engine.state !== "ready";
      cancel.hidden = !(busy || engine.state === "loading");
      if (engine.mode) out.dataset.engine = engine.mode;
      if (engine.stages) out.dataset.engineStages = JSON.stringify(engine.stages);
      if (engine.state === "loading") {
        setStatus(statusText());
        if (out.dataset.state !== "done") out.dataset.state = "loading";
      } else if (engine.state === "error") {
        setStatus(statusText());
        out.dataset.state = "error";
        out.setAttribute("aria-busy", "false");
      } else if (engine.state === "ready") {
        if (!out.dataset.state || out.dataset.state === "loading") out.dataset.state = "ready";
        if (out.dataset.state === "ready") setStatus(statusText());
        out.setAttribute("aria-busy", "false");
        if (queued) { queued = false; diagnose(); } else if (shared) describeShared();
      } else if (busy) {
        setStatus(statusText());
        out.setAttribute("aria-busy", "true");
      }
    }
    engine.listeners.add(render);

    // Paste, drop, a big chip: diagnosed at once when the engine is ready, or when it becomes so.
    function requestRun() {
      if (engine.state === "ready") { diagnose(); return; }
      if (engine.state === "error") return;
      queued = true;
      startEngine();
      setStatus(statusText());
    }

    async function diagnose() {
      const inputs = [];
      if (files.length) {
        for (const file of files) {
          if (file.size > MAX_INPUT_BYTES) { showMessage(t.tooBig(file.name, mb(file.size, lang))); return; }
          inputs.push({ name: file.name, data: new Uint8Array(await file.arrayBuffer()) });
        }
      }
      if (bigText) {
        if (bigText.bytes > MAX_INPUT_BYTES) { showMessage(t.tooBig(t.input, mb(bigText.bytes, lang))); return; }
        inputs.push({ name: t.input, data: bigText.text });
      } else if (input.value.trim()) {
        const text = input.value;
        const bytes = new Blob([text]).size;
        if (bytes > MAX_INPUT_BYTES) { showMessage(t.tooBig(t.input, mb(bytes, lang))); return; }
        inputs.push({ name: t.input, data: text });
      }
      if (!inputs.length) { showMessage(t.empty); return; }
      if (engine.state !== "ready") { requestRun(); return; }
      shared = null;
      delete out.dataset.shared;
      // The four states tests and scripts rely on are loading, ready, done and error; a run in
      // progress is "ready" with aria-busy, so waiting for "done" always waits for this run.
      out.dataset.state = "ready";
      out.setAttribute("aria-busy", "true");
      out.replaceChildren(el("p", { class: "ndr-working", text: t.working }));
      const reply = await runDiagnosis(inputs);
      if (!reply || !container.isConnected) return;
      showResults(reply);
    }

    function showMessage(text) {
      out.replaceChildren(el("p", { class: "ndr-message", "data-testid": "message", text }));
      out.dataset.state = "done";
      out.setAttribute("aria-busy", "false");
      setStatus(text, true);  // the results' one line: announced, not shown twice
    }

    // A report that is no failure still names its address: who complained (feedback report), who
    // replied (auto-reply), who received it (delivered DSN), whose filter holds it (challenge), who read
    // it (read receipt), whom a quoted error was about, whose quarantine or mailbox a notice is about,
    // from whom a recall took the message back.
    function addressList(report) {
      const list = el("ul", { class: "ndr-addresses", "data-testid": "addresses", "aria-label": t.addresses });
      for (const item of report.addresses) {
        const what = item.feedback_type ? `${t.addressWhat.complaint}: ${item.feedback_type}`
          : item.action ? (t.addressWhat[item.action] || item.action)
          : report.kind === "vacation" ? t.addressWhat.autoreply
          : t.addressWhat[report.kind] || "";  // challenge, quoted, quarantine, quota-warning, list-notice
        const row = el("li", { "data-testid": "address", "data-address": item.address || "" });
        row.append(item.address ? el("code", {}, breakable(item.address)) : el("code", { text: t.noAddress }));
        if (what) row.append(document.createTextNode(` — ${what}`));
        list.append(row);
      }
      return list;
    }

    function showResults(reply) {
      if (reply.olefile) out.dataset.olefile = reply.olefile;  // the .msg reader was loaded for this input
      const nodes = [];
      const all = [];
      const byReason = new Map();
      const reasonNames = new Map();
      const byCode = new Map();
      const many = reply.outputs.length > 1;
      for (const output of reply.outputs) {
        const section = el("section", { class: "ndr-input-result", "data-testid": "input-result" });
        if (many) section.append(el("h3", { text: output.name }));
        if (output.error) {
          section.append(el("p", { class: "ndr-message", "data-testid": "message", text: output.error }));
          nodes.push(section);
          continue;
        }
        for (const report of output.reports) {
          if (!report.results.length) {
            const note = el("p", { class: "ndr-message", "data-testid": "message", text: report.note[lang] + " " });
            // A sentence of its own after the note: "Or browse the catalog of error codes."
            note.append(t.indexLink[0], el("a", { href: pageHref(lang, "codes/"), text: t.indexLink[1] }), t.indexLink[2]);
            section.append(note);
            if (report.addresses && report.addresses.length) section.append(addressList(report));
          } else if (report.note[lang]) {  // e.g. read from a bounce forwarded as an attachment
            section.append(el("p", { class: "ndr-note", "data-testid": "report-note", text: report.note[lang] }));
          }
          for (const result of report.results) {
            all.push(result);
            byReason.set(result.reason, (byReason.get(result.reason) || 0) + 1);
            reasonNames.set(result.reason, reasonName(result, lang));
            const code = result.status || result.reply_code || "?";
            byCode.set(code, (byCode.get(code) || 0) + 1);
            section.append(renderResult(result));
          }
        }
        nodes.push(section);
      }
      // A delay warning's recipients are no failure yet: counted apart.
      const delayed = all.filter((r) => r.action === "delayed").length;
      // An application refused for now sends again itself; a server's queue retries on its own.
      const appRetries = delayed > 0 && all.every((r) => r.action !== "delayed" || r.retry === "application");
      const head = el("p", { class: "ndr-found", text: t.found(all.length, delayed, appRetries) + " " + t.done(reply.ms) });
      const children = [head];
      if (many && all.length) children.push(summaryTable(byReason, byCode, reasonNames));
      if (all.length) children.push(takeAway(all));
      out.replaceChildren(...children, ...nodes);
      out.dataset.state = "done";
      // The status line is what a screen reader announces (the results region is no live region):
      // with nothing found, the one note that says what the input is and what to paste instead, not
      // "0 failed recipients found." alone.
      const notes = [...new Set(reply.outputs.flatMap((o) => o.error ? [o.error] : o.reports.filter((r) => !r.results.length).map((r) => r.note[lang])))];
      const noteAlone = !all.length && notes.length === 1 && notes[0];
      // Announced but not shown twice when the results' first line says the same ("1 failed
      // recipient found. Done in 0.2 s." under a status line "1 failed recipient found.").
      const said = noteAlone || t.found(all.length, delayed, appRetries);
      setStatus(said, Boolean(noteAlone) || head.textContent.startsWith(said));
    }

    // The share link and the ticket text, both built from the results (never from the input).
    function takeAway(results) {
      const note = el("span", { class: "ndr-copy-note", "data-testid": "copy-note", role: "status" });
      const copy = el("button", { type: "button", class: "md-button", "data-testid": "copy-ticket", text: t.copyTicket });
      const box = el("div", { class: "ndr-takeaway" },
        el("a", { href: shareUrl(results), "data-testid": "share-link", title: t.shareNote, text: t.shareLink }), copy, note);
      copy.addEventListener("click", async () => {
        const text = ticketText(results, lang);
        try {
          await navigator.clipboard.writeText(text);
          note.textContent = t.copied;
        } catch (error) {
          note.textContent = t.copyFailed;
          const area = el("textarea", { class: "ndr-ticket-text", "data-testid": "ticket-text", readonly: "", rows: "6", "aria-label": t.copyTicket });
          area.value = text;
          box.querySelector(".ndr-ticket-text")?.remove();
          box.append(area);
          area.select();
        }
      });
      return box;
    }

    // A shared link: the same cards, from the codes, reasons and page names in the address;
    // titles and summaries follow from the catalog once the engine is ready.
    function showShared(results) {
      out.replaceChildren(el("p", { class: "ndr-found", text: t.sharedTitle }), ...results.map(renderResult));
      out.dataset.state = "done";
      out.dataset.shared = "1";
    }

    async function describeShared() {
      const results = shared;
      shared = null;
      const reply = await ask({ type: "describe", pages: results.map((r) => r.page) }, false);
      if (!reply || !container.isConnected || out.dataset.shared !== "1") return;
      for (const r of results) Object.assign(r, reply.pages[r.page] || {});
      showShared(results);
      out.dataset.described = "1";
    }

    function summaryTable(byReason, byCode, reasonNames) {
      const box = el("details", { class: "ndr-summary", open: "", "data-testid": "summary" }, el("summary", { text: t.summary }));
      for (const [title, map] of [[t.byReason, byReason], [t.byCode, byCode]]) {
        const rows = [...map.entries()].sort((a, b) => b[1] - a[1]);
        const table = el("table", {}, el("thead", {}, el("tr", {}, el("th", { text: title }), el("th", { text: t.count }))));
        const body = el("tbody");
        for (const [key, n] of rows) {
          const label = map === byReason
            ? [reasonNames.get(key) && el("span", { text: reasonNames.get(key) }), reasonNames.get(key) && " ", el("code", { class: "ndr-reason-code", text: key })]
            : [el("code", { text: key })];
          body.append(el("tr", { "data-testid": map === byReason ? "summary-reason" : null }, el("td", {}, ...label), el("td", { text: String(n) })));
        }
        table.append(body);
        box.append(table);
      }
      return box;
    }

    function renderResult(r) {
      const code = [r.reply_code, r.status].filter(Boolean).join(" ");
      const card = el("article", { class: "ndr-result ndr-" + (r.hard_bounce ? "hard" : "soft"), "data-testid": "result", "data-status": r.status || "", "data-permanent": String(isPermanent(r)), "data-reason": r.reason, "data-entry": r.entry || "" });
      const title = el("h3", { class: "ndr-result-title" }, el("code", { "data-testid": "result-code", text: code || "?" }), " ", el("span", { text: (r.titles && r.titles[lang]) || "" }));
      card.append(title);
      if (r.summaries && r.summaries[lang]) card.append(el("p", { class: "ndr-result-summary" }, ...withCode(r.summaries[lang])));
      const facts = el("dl", { class: "ndr-result-facts" });
      const add = (label, value, testid, address = false) => {
        if (value) facts.append(el("dt", { text: label }), el("dd", { "data-testid": testid || null, class: address ? "ndr-address" : null }, address ? breakable(value) : value));
      };
      if ("recipient" in r) add(t.recipient, r.recipient || t.unknownRecipient, "recipient", Boolean(r.recipient));
      add(t.status, r.status ? r.status + (r.status_inferred ? ` (${t.inferred})` : "") : "", "status");
      add(t.reply, r.reply_code, "reply");
      const named = reasonName(r, lang);
      facts.append(el("dt", { text: t.reason }), el("dd", { "data-testid": "reason" },
        named && el("span", { "data-testid": "reason-name", text: named }), named && " ", el("code", { class: "ndr-reason-code", "data-testid": "reason-code", text: r.reason })));
      add(t.outcome, verdictOf(r, lang), "outcome");
      add(t.remote, r.remote_host, "remote-host", true);
      add(t.command, r.command, "smtp-command");
      card.append(facts);
      if (r.diagnostic) card.append(el("p", { class: "ndr-said" }, el("strong", { text: t.said + ": " }), el("code", { "data-testid": "diagnostic" }, withBreakableAddresses(r.diagnostic))));
      if (r.evidence && r.evidence.length) {
        const details = el("details", { class: "ndr-evidence" }, el("summary", { text: t.evidence }));
        const pre = el("pre", {}, el("code", { text: r.evidence.join("\n") }));
        details.append(pre);
        card.append(details);
      }
      card.append(el("p", {}, el("a", { class: "md-button", "data-testid": "fix-link", href: pageHref(lang, r.page), text: t.fix + " →" })));
      return card;
    }

    function setFiles(list) {
      files = [...list];
      const names = files.map((f) => f.name).join(", ");
      drop.querySelector("#ndr-drop-help").textContent = names || drop.querySelector("#ndr-drop-help").textContent;
      if (files.length) requestRun();
    }

    // A big paste or drop: a chip stands for the text, which goes straight to the worker (or to
    // the size refusal) without ever being laid out in the text box.
    function takeBigText(text) {
      files = [];
      // Characters for now (a lower bound of the UTF-8 size); the exact size in a task of its own,
      // so no single task of the page holds the paste, the encoding and the hand-over together.
      bigText = { text, bytes: text.length };
      input.value = "";
      input.hidden = true;
      chipLabel.textContent = t.pasted(mb(bigText.bytes, lang));
      chip.hidden = false;
      chipRemove.focus();
      const taken = bigText;
      setTimeout(() => {
        if (bigText !== taken) return;
        if (taken.bytes <= MAX_INPUT_BYTES) {
          taken.bytes = new Blob([taken.text]).size;
          chipLabel.textContent = t.pasted(mb(taken.bytes, lang));
        }
        if (taken.bytes > MAX_INPUT_BYTES) showMessage(t.tooBig(t.input, mb(taken.bytes, lang)));
        else setTimeout(() => { if (bigText === taken) requestRun(); }, 0);
      }, 0);
    }

    function removeBigText() {
      bigText = null;
      chip.hidden = true;
      input.hidden = false;
      input.focus();
    }

    // Text read from the clipboard after the paste event: in the box at the caret, as a native
    // paste puts it (line ends as the box keeps them), or in the chip when it is big. Not with
    // execCommand("insertText"): it inserts line by line, 0.7 s for 50 KB of a bounce's lines.
    // The box's value is set instead, which is not in the browser's undo history: undo and redo
    // of the paste are handled here (the keys, and historyUndo/historyRedo from the menus).
    // Short texts (an error line, a trace row) are inserted the way typing is, so the browser's own
    // undo history stays whole; it costs about 14 ms a KB, hence only up to this size.
    const NATIVE_INSERT_MAX = 2 * 1024;
    let insertingPaste = false;  // the input event of that insertion is a paste's
    let pasteUndo = null;  // {before, after, start, end}: the last paste placed here
    let pasteRedo = null;
    function placePaste(text, intoEmpty) {
      if (!container.isConnected) return;
      if (text.length > INLINE_PASTE_MAX) { takeBigText(text); return; }
      const clean = text.replace(/\r\n?/g, "\n");
      pasteIntoEmpty = intoEmpty && Boolean(text.trim());  // the input event below diagnoses it
      if (clean.length <= NATIVE_INSERT_MAX) {
        if (document.activeElement !== input) input.focus();
        insertingPaste = true;
        const inserted = document.execCommand("insertText", false, clean);
        insertingPaste = false;
        // Leaving and re-entering the box closes the browser's typing step: the paste is one undo
        // step of its own, as a native paste is, not merged with what is typed next.
        if (inserted) { input.blur(); input.focus(); return; }
      }
      const before = input.value, start = input.selectionStart, end = input.selectionEnd;
      const after = before.slice(0, start) + clean + before.slice(end);
      pasteUndo = { before, after, start, end };
      pasteRedo = null;
      setBox(after, after.length - (before.length - end), "insertFromPaste");
    }

    function setBox(value, caretStart, inputType, caretEnd = caretStart) {
      if (document.activeElement !== input) input.focus();
      input.value = value;
      input.setSelectionRange(caretStart, caretEnd);
      input.blur(); input.focus();  // scrolls the caret into view, as typing does
      input.dispatchEvent(new InputEvent("input", { bubbles: true, inputType }));
    }

    function undoPaste(kind, e) {
      if (kind === "historyUndo" && pasteUndo && input.value === pasteUndo.after) {
        e.preventDefault();
        [pasteRedo, pasteUndo] = [pasteUndo, null];
        setBox(pasteRedo.before, pasteRedo.start, kind, pasteRedo.end);
        return true;
      }
      if (kind === "historyRedo" && pasteRedo && input.value === pasteRedo.before) {
        e.preventDefault();
        [pasteUndo, pasteRedo] = [pasteRedo, null];
        setBox(pasteUndo.after, pasteUndo.after.length - (pasteUndo.before.length - pasteUndo.end), kind);
        return true;
      }
      return false;
    }

    function droppedText(event) {
      const data = event.dataTransfer;
      return data && !data.files.length ? data.getData("text/plain") : "";
    }

    button.addEventListener("click", () => diagnose());
    input.addEventListener("focus", startEngine);
    // A paste is read with the asynchronous clipboard API, which browsers allow without a prompt
    // while a paste event runs: the browser copies the text off the page's main thread. Reading
    // it here with getData() would hold that thread for the whole copy (~100 ms for 10 MB), and
    // the default paste would hold it for the layout (many seconds). Small texts are then
    // inserted as typing would be (caret, undo); big ones get the chip.
    // A middle-click paste (Linux) brings the selection, not the clipboard readText() reads: it
    // follows the middle button's mouseup in the same task, and is read in the event.
    let middleClick = false;
    input.addEventListener("mouseup", (e) => {
      if (e.button !== 1) return;
      middleClick = true;
      setTimeout(() => { middleClick = false; }, 0);
    });
    input.addEventListener("paste", (e) => {
      const data = e.clipboardData;
      if (!data) return;
      if (readPastesLater && !middleClick && !data.files.length && data.types.includes("text/plain")) {
        e.preventDefault();
        const intoEmpty = !input.value.trim();
        navigator.clipboard.readText().then((text) => placePaste(text, intoEmpty), () => {
          readPastesLater = false;  // e.g. a browser that asks for a permission, refused: read in the event next time
          showMessage(t.pasteUnread);
        });
        return;
      }
      const text = data.getData("text/plain");
      if (text.length > INLINE_PASTE_MAX) { e.preventDefault(); takeBigText(text); return; }
      pasteIntoEmpty = !input.value.trim() && Boolean(text.trim());
    });
    // Other ways text arrives (drag and drop, the context menu, assistive tools).
    input.addEventListener("beforeinput", (e) => {
      if (undoPaste(e.inputType, e) || !/^insertFrom|^insertReplacementText$/.test(e.inputType)) return;
      const text = e.data || (e.dataTransfer ? e.dataTransfer.getData("text/plain") : "");
      if (text.length > INLINE_PASTE_MAX) { e.preventDefault(); takeBigText(text); }
    });
    input.addEventListener("input", (e) => {
      files = [];
      // A paste into the empty box is the whole report: diagnose it without a click.
      if (pasteIntoEmpty && (e.inputType === "insertFromPaste" || insertingPaste)) requestRun();
      pasteIntoEmpty = false;
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !button.disabled) diagnose();
      const key = e.key.toLowerCase();
      if (!(e.ctrlKey || e.metaKey) || e.altKey || (key !== "z" && key !== "y")) return;
      undoPaste(key === "z" && !e.shiftKey ? "historyUndo" : "historyRedo", e);
    });
    chipRemove.addEventListener("click", removeBigText);
    cancel.addEventListener("click", () => { queued = false; restartEngine(); showMessage(t.cancelled); });
    fileInput.addEventListener("change", () => setFiles(fileInput.files));
    ["dragenter", "dragover"].forEach((type) => drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add("ndr-dragging"); }));
    ["dragleave", "drop"].forEach((type) => drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.remove("ndr-dragging"); }));
    drop.addEventListener("drop", (e) => {
      if (e.dataTransfer && e.dataTransfer.files.length) { setFiles(e.dataTransfer.files); return; }
      const text = droppedText(e);
      if (text.length > INLINE_PASTE_MAX) takeBigText(text);
      else if (text.trim()) { removeBigText(); input.value = text; requestRun(); }
    });
    // Dropping on the text box should diagnose the file rather than paste its bytes.
    input.addEventListener("drop", (e) => {
      if (e.dataTransfer && e.dataTransfer.files.length) { e.preventDefault(); setFiles(e.dataTransfer.files); return; }
      const text = droppedText(e);
      if (text.length > INLINE_PASTE_MAX) { e.preventDefault(); takeBigText(text); }
    });

    if (shared) showShared(shared);
    startEngine();
    render();
  }

  // Offline use: the service worker (written by the build at the site root) caches the diagnoser
  // and Pyodide. Registered from the diagnoser only, so reading a code page downloads nothing more.
  function registerOffline() {
    if ("serviceWorker" in navigator && location.protocol.startsWith("http")) {
      navigator.serviceWorker.register(new URL("sw.js", ROOT), { scope: ROOT.pathname }).catch(() => {});
    }
  }

  // ---- The catalog filter ---------------------------------------------------------------------
  function mountFilter(box) {
    if (box.dataset.mounted) return;
    box.dataset.mounted = "1";
    const text = box.querySelector("input");
    const origin = box.querySelector("select");
    const empty = box.querySelector(".ndr-filter-empty");
    const apply = () => {
      const words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      const wanted = origin.value;
      let shown = 0;
      document.querySelectorAll("table.ndr-index").forEach((table) => {
        let visible = 0;
        table.querySelectorAll("tbody tr").forEach((row) => {
          const ok = words.every((w) => row.dataset.search.includes(w)) && (!wanted || row.dataset.origin.split(" ").includes(wanted));
          row.hidden = !ok;
          if (ok) visible += 1;
        });
        table.hidden = visible === 0;
        const heading = (table.closest(".ndr-table-scroll") || table).previousElementSibling;
        if (heading && heading.classList.contains("ndr-group")) heading.hidden = visible === 0;
        shown += visible;
      });
      empty.hidden = shown !== 0;
    };
    text.addEventListener("input", apply);
    origin.addEventListener("change", apply);
    apply();
  }

  // Material's instant navigation keeps the header of the first page, so the language links
  // would still point at that page: recompute them for the page now shown.
  function updateLanguageLinks() {
    if (!location.href.startsWith(ROOT.href)) return;
    const path = location.href.slice(ROOT.href.length).split("#")[0].split("?")[0];
    const english = path === "it" ? "" : path.startsWith("it/") ? path.slice(3) : path;
    document.querySelectorAll("a.md-select__link[hreflang]").forEach((link) => {
      const lang = link.getAttribute("hreflang");
      if (lang === "en" || lang === "it") link.href = new URL((lang === "it" ? "it/" : "") + english, ROOT).href;
    });
  }

  // The site search. Material's search worker (lunr) appends "*" to every word typed, so "5.7.1"
  // also matches 5.7.10 to 5.7.19, 5.7.128 …, and pages naming several of those outrank the page
  // of 5.7.1 itself (its title names it once): "550 5.7.1" did not list it at all. Each status
  // code typed is also sent as an exact word with a boost ("5.7.1^40"; lunr's query syntax, which
  // Material's query transform passes on unchanged), so the page of the code comes first and the
  // prefix matches follow; a bare reply code ("550") gets a smaller boost, so that in "550 5.1.1"
  // the enhanced code decides. Material's query message is { type: 2 (QUERY), data: text }.
  const SEARCH_QUERY = 2;
  function boostCodes(query) {
    const extra = [];
    for (const word of query.split(/\s+/)) {
      const code = word.replace(/^[^0-9]+|[^0-9]+$/g, "");
      if (/^[245]\.\d{1,3}\.\d{1,3}$/.test(code)) extra.push(`${code}^40`);
      else if (/^[245]\d\d$/.test(code)) extra.push(`${code}^4`);
    }
    return extra.length ? `${query} ${extra.join(" ")}` : query;
  }
  if (window.Worker && !Worker.prototype.__ndrAtlasSearch) {
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      if (message && message.type === SEARCH_QUERY && typeof message.data === "string") {
        message = { ...message, data: boostCodes(message.data) };
      }
      return post.call(this, message, ...rest);
    };
    Worker.prototype.__ndrAtlasSearch = true;
  }

  function mountAll() {
    updateLanguageLinks();
    document.querySelectorAll("[data-ndr-diagnoser]").forEach(mountDiagnoser);
    document.querySelectorAll("[data-atlas-filter]").forEach(mountFilter);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(mountAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
