// Loaded as the first element of <body> (a classic, blocking script), in place
// of GOV.UK Frontend's inline snippet, which a `script-src 'self'` policy forbids.
// `js-enabled` switches on styles for JavaScript-enhanced components;
// `govuk-frontend-supported` tells GOV.UK Frontend the browser runs ES modules.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
