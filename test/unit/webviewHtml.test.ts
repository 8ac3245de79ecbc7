import * as assert from 'node:assert/strict';
import { makeNonce, webviewHtml } from '../../extension/panels/webviewHtml';

/** The page's Content Security Policy, directive by directive. */
function csp(html: string): Map<string, string> {
  const content = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
  return new Map(content.split('; ').map((directive) => [directive.split(' ')[0], directive.slice(directive.indexOf(' ') + 1)]));
}

describe('webviewHtml', () => {
  const page = { title: 'Tensor heatmap', scriptUri: 'https://x/heatmap.js', styleUri: 'https://x/heatmap.css', cspSource: 'https://x', nonce: 'n0nce' };

  it('allows scripts only by nonce and nothing remote, and gives no page a worker unless asked', () => {
    const html = webviewHtml(page);
    const policy = csp(html);
    assert.equal(policy.get('default-src'), "'none'");
    assert.equal(policy.get('script-src'), "'nonce-n0nce'");
    assert.equal(policy.get('style-src'), "https://x 'nonce-n0nce'");
    assert.equal(policy.has('worker-src'), false);
    assert.equal(policy.has('connect-src'), false);
    assert.match(html, /<div id="app"><\/div>/);
    assert.match(html, /<script nonce="n0nce" src="https:\/\/x\/heatmap.js"><\/script>/);
  });

  it('lets a page with a worker fetch it from its own origin and run it from a blob', () => {
    const html = webviewHtml({ ...page, workerUri: 'https://x/tapeLayout.js' });
    const policy = csp(html);
    assert.equal(policy.get('worker-src'), 'blob:');
    assert.equal(policy.get('connect-src'), 'https://x');
    assert.equal(policy.get('script-src'), "'nonce-n0nce'");
    assert.match(html, /<div id="app" data-worker="https:\/\/x\/tapeLayout.js"><\/div>/);
  });

  it('makes 32-character alphanumeric nonces', () => {
    const nonce = makeNonce((n) => Uint8Array.from({ length: n }, (_, i) => i * 7));
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
  });
});
