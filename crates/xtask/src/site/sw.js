// The rest of SP Planner's service worker. `cargo run -p xtask -- finish-dist` puts VERSION and
// FILES (every file the page needs, with its integrity hash) above this text.
//
// - Install copies the whole set of this build into a new cache, each file checked against its
//   hash, or fails and leaves nothing behind: a cache never holds part of a build.
// - Activate deletes this app's older caches and takes charge of open pages.
// - The app's page (the folder or index.html) and the precached files come from the cache;
//   other requests in scope look in the app's other caches, then go to the network.
// - A new build installs while the old one serves, and waits. When the page is loaded while at
//   most one window of the app is open (a reload, a new visit), the old worker serves the new
//   build's page and that page's files from the new build's cache, and tells the new build to
//   take over. Every page gets one build, whole: a window already open keeps the build it
//   started with, as the app loads all its files when it starts. While two or more windows are
//   open, new pages get the old build.

// Every app on the origin shares the same cache storage, so the cache names carry the scope:
// two copies of the app under two paths never touch each other's caches.
const PREFIX = `sp-planner ${self.registration.scope} `;
const CACHE = PREFIX + VERSION;
const SKIP_WAITING = 'sp-planner:skip-waiting';
const WHICH_CACHE = 'sp-planner:which-cache';
const BASE = new URL('./', self.location.href).href;
const INDEX = new URL('index.html', BASE).href;
const PRECACHED = new Map(FILES.map(([path, integrity]) => [new URL(path, BASE).href, integrity]));

// The pages this worker served from a newer build's cache, by client id: their files come from
// that cache too.
const servedFromNext = new Map();

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
    event.waitUntil(self.skipWaiting());
  } else if (event.data === WHICH_CACHE && event.ports.length > 0) {
    event.ports[0].postMessage(CACHE);
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  if (request.mode === 'navigate') {
    if (key === BASE || key === INDEX) {
      event.respondWith(page(event));
    }
    // Other pages (the single-file page, for one) come from the network.
  } else if (key.startsWith(BASE)) {
    event.respondWith(file(key, request, servedFromNext.get(event.clientId)));
  }
});

async function page(event) {
  const next = await nextBuild();
  if (next !== null) {
    const hit = await caches.match(INDEX, { cacheName: next });
    if (hit) {
      servedFromNext.set(event.resultingClientId, next);
      self.registration.waiting?.postMessage(SKIP_WAITING);
      return hit;
    }
  }
  return file(INDEX, event.request, undefined);
}

// The cache of the installed build that waits to take over, when at most one window of the app
// is open (a window being reloaded still counts while its new page is fetched). With more, one of
// them could still be loading the old build's files, which the new build deletes.
async function nextBuild() {
  const waiting = self.registration.waiting;
  if (waiting === null) {
    return null;
  }
  const windows = await self.clients.matchAll({ type: 'window' });
  if (windows.length > 1) {
    return null;
  }
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (message) => resolve(typeof message.data === 'string' ? message.data : null);
    setTimeout(() => resolve(null), 2000);
    waiting.postMessage(WHICH_CACHE, [channel.port2]);
  });
}

// Looks in `preferred`, then in this build's cache, then in the app's other caches (files of a
// newer build, for a page it gave, when this worker has lost track of that page), then asks the
// network. Looking never creates a cache, so a cache deleted by a newer build stays deleted.
async function file(key, request, preferred) {
  const first = [preferred, CACHE].filter((name) => name !== undefined);
  for (const name of first) {
    const hit = await caches.match(key, { cacheName: name });
    if (hit) {
      return hit;
    }
  }
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && !first.includes(name)) {
      const hit = await caches.match(key, { cacheName: name });
      if (hit) {
        return hit;
      }
    }
  }
  return fetch(request);
}
