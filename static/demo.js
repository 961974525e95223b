// Demo page only: switches the page text and the widget between Korean and English.
const LANGS = { ko: { next: 'en', button: 'English', title: 'Convolution 중간과정 시각화 · convlens' },
  en: { next: 'ko', button: '한국어', title: 'Inside a convolution network · convlens' } };

function setLang(lang) {
  document.documentElement.lang = lang;
  document.title = LANGS[lang].title;
  const button = document.getElementById('lang-switch');
  button.textContent = LANGS[lang].button;
  button.lang = LANGS[lang].next;
  for (const lens of document.querySelectorAll('conv-lens')) lens.setAttribute('lang', lang);
}

const asked = new URLSearchParams(location.search).get('lang');
setLang(asked === 'en' ? 'en' : 'ko');
document.getElementById('lang-switch').addEventListener('click', () => {
  setLang(LANGS[document.documentElement.lang === 'en' ? 'en' : 'ko'].next);
});
