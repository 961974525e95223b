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
