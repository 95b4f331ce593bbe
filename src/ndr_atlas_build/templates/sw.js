// NDR Atlas service worker: after one visit, the site and the diagnoser work offline.
// Generated at build time: VERSION is a hash of the precached files, PRECACHE their paths.
const VERSION = "ndr-atlas-__VERSION__";
const PRECACHE = __PRECACHE__;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("ndr-atlas-") && key !== VERSION).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(VERSION);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(VERSION);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

// The engine's files go together (the manifest names the snapshot made for this runtime bundle and
// this Pyodide): always this version's copies, never a round trip on the diagnoser's start.
const ENGINE = /\/(pyodide\/|assets\/engine\/|assets\/ndr-atlas-runtime\.json)/;

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  // Pages and the search index change with every build: fresh when online, cached when not.
  const fresh = request.mode === "navigate" || ((request.url.endsWith(".json") || request.url.endsWith(".xml")) && !ENGINE.test(request.url));
  event.respondWith(fresh ? networkFirst(request) : cacheFirst(request));
});
