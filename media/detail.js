// Detail view script: forwards clicks to the extension host as typed messages
// (see src/detail/protocol.ts). No inline handlers; the CSP allows only this nonce'd file.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const target = /** @type {HTMLElement | null} */ (event.target instanceof Element ? event.target.closest('[data-action],[data-href],[data-cite-index]') : null);
    if (!target) {
      return;
    }
    event.preventDefault();
    const citeIndex = target.getAttribute('data-cite-index');
    if (citeIndex !== null) {
      vscode.postMessage({ type: 'openCitation', index: Number(citeIndex) });
      return;
    }
    const href = target.getAttribute('data-href');
    if (href) {
      vscode.postMessage({ type: 'openLink', href });
      return;
    }
    vscode.postMessage({ type: 'action', action: target.getAttribute('data-action'), key: target.getAttribute('data-key') });
  });
  const main = document.querySelector('main');
  const key = main ? main.getAttribute('data-key') : null;
  if (key) {
    vscode.setState({ key });
  }
  vscode.postMessage({ type: 'ready' });
})();
