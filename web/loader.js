// connect-form's loader: starts the app and, when the form is in an iframe, tells the page that embeds
// it that it is ready and how tall it is (README, "Embedding"). scripts/postbuild.mjs puts it in place of
// trunk's inline loader, with the two file names filled in.
import init from '__GLUE__';

await init({ module_or_path: '__WASM__' });

// The origin the app checked (`parentOrigin`, set on <html> as the app starts); without one, nothing is
// posted, and never to '*'.
const origin = document.documentElement.dataset.parentOrigin;
if (origin && window.parent !== window) {
  const post = (type, detail) => window.parent.postMessage({ ...detail, type: `connect-form:${type}` }, origin);
  post('ready', {});
  // The content's height whenever it changes, so the page can size the iframe with no inner scrollbar.
  let height = 0;
  new ResizeObserver(() => {
    const now = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (now !== height) {
      height = now;
      post('resize', { height });
    }
  }).observe(document.documentElement);
}
