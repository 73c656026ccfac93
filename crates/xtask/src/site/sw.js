// The rest of SP Planner's service worker. `cargo run -p xtask -- finish-dist` puts VERSION and
// FILES (every file the page needs, with its integrity hash) above this text.
//
// - Install copies the whole set of this build into a new cache, each file checked against its
//   hash, or fails and leaves nothing behind: a cache never holds part of a build.
// - Activate deletes this app's older caches and takes charge of open pages.
// - Precached files come from the cache, the app's page (the folder or index.html) too;
//   everything else goes to the network untouched.
// - A new build waits until no page of the old one is open. When the only page of the app is
//   reloaded or opened again while a new build waits, the worker hands over to the new build
//   and has the browser load the page again, so the page gets the new build and only it.

// Every app on the origin shares the same cache storage, so the cache names carry the scope:
// two copies of the app under two paths never touch each other's caches.
const PREFIX = `sp-planner ${self.registration.scope} `;
const CACHE = PREFIX + VERSION;
const SKIP_WAITING = 'sp-planner:skip-waiting';
const BASE = new URL('./', self.location.href).href;
const INDEX = new URL('index.html', BASE).href;
const PRECACHED = new Map(FILES.map(([path, integrity]) => [new URL(path, BASE).href, integrity]));

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

async function precache() {
  const cache = await caches.open(CACHE);
  const requests = [...PRECACHED].map(
    ([url, integrity]) => new Request(url, { cache: 'no-cache', integrity }),
  );
  try {
    // addAll stores nothing unless every file arrived whole and matched its hash.
    await cache.addAll(requests);
  } catch (error) {
    await caches.delete(CACHE);
    throw error;
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const old = names.filter((name) => name.startsWith(PREFIX) && name !== CACHE);
      await Promise.all(old.map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === SKIP_WAITING) {
    self.skipWaiting();
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  if (request.mode === 'navigate' && (key === BASE || key === INDEX)) {
    event.respondWith(page(request));
  } else if (PRECACHED.has(key)) {
    event.respondWith(cached(key, request));
  }
});

async function page(request) {
  const waiting = self.registration.waiting;
  if (waiting !== null) {
    const windows = await self.clients.matchAll({ type: 'window' });
    // The page being reloaded is still open while its reload is fetched: one window is it.
    if (windows.length <= 1) {
      waiting.postMessage(SKIP_WAITING);
      return new Response('', {
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', Refresh: '0' },
      });
    }
  }
  return cached(INDEX, request);
}

async function cached(key, request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  return hit || fetch(request);
}
