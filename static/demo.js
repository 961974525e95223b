// Demo page only: switches the page text and the widget between Korean and English.
// The language asked for with ?lang= is settled before the first paint by lang.js.
const TITLES = { ko: 'Convolution 중간과정 시각화 · convlens', en: 'Inside a convolution network · convlens' };

function setLang(lang) {
  document.documentElement.lang = lang;
  document.title = TITLES[lang];
  for (const lens of document.querySelectorAll('conv-lens')) lens.setAttribute('lang', lang);
}

document.getElementById('lang-switch').addEventListener('click', () => {
  setLang(document.documentElement.lang === 'en' ? 'ko' : 'en');
});

// `npm start` sends COOP/COEP (which WASM threads need, and which cost a cold load ~0.5 s on a
// slow device) only to a browser carrying this cookie (serve.mjs ISOLATION_COOKIE). Set it where
// tfjs would start more than one thread (half the logical cores, as worker/backend.ts
// wasmThreadsWanted): the next visit is isolated and runs threads. A 2-core phone never pays.
const threadsWouldRun = Math.floor((navigator.hardwareConcurrency || 1) / 2) > 1;
if (threadsWouldRun !== document.cookie.split(';').some((part) => part.trim() === 'convlens-threads=1')) {
  document.cookie = `convlens-threads=1; path=/; SameSite=Lax; max-age=${threadsWouldRun ? 31536000 : 0}`;
}

// The widget's script once the page has loaded, not from <head>: a script there holds the page's
// load event until it has run, and until then the browser animates its tab's loading indicator,
// a frame of its own UI every ~70 ms, which a slow device pays for in the widget's first seconds
// (bench/ab-cold.ts --variant after-load, ¼ core, 7 loads each, two pairs: 5060 → 4609 and
// 5277 → 4657 ms to the first tile). The page reserves the widget's room until it is defined.
const loadWidget = () => import('./convlens.js').catch((error) => console.error('convlens: the widget\'s script could not be loaded', error));
if (document.readyState === 'complete') loadWidget();
else addEventListener('load', loadWidget, { once: true });
