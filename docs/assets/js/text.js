// NDR Atlas: small text helpers shared by atlas.js (the diagnoser) and logs.js (Analyse logs),
// loaded before them on every page (mkdocs.yml, extra_javascript).
(function () {
  "use strict";

  // An address or host name with a break opportunity (<wbr>) after each "@" and ".": on a phone a long
  // one wraps there, not mid-word (CSS's overflow-wrap breaks a part only if it alone is too long).
  // The text, and what is copied of it, is unchanged.
  function breakable(text) {
    const fragment = document.createDocumentFragment();
    String(text).split(/(?<=[@.])/).forEach((part, i) => {
      if (i) fragment.append(document.createElement("wbr"));
      fragment.append(part);
    });
    return fragment;
  }

  window.NdrAtlasText = Object.freeze({ breakable });
})();
