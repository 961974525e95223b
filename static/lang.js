// Demo page only, a classic script in <head>: settles the page's language from ?lang=
// before the first paint, so nothing is drawn in Korean and then switched (no layout shift).
(function () {
  var asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'en' || asked === 'ko') document.documentElement.lang = asked;
  if (asked === 'en') document.title = 'Inside a convolution network · convlens';
})();
