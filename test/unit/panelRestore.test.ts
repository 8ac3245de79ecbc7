/**
 * What a panel's host takes back from the state VS Code hands it after "Reload Window": the
 * state is what the page saved, so it is checked like any message from the page.
 */
import './vscodeStub';
import * as assert from 'node:assert/strict';
import { parseTarget } from '../../extension/panels/heatmapPanel';
import { parseRestoredPanel } from '../../protocol/webviewMessages';

describe('restoring a panel after a reload', () => {
  it('takes the subject and origin the page kept', () => {
    const state = {
      scaling: 'linear',
      kept: { subject: '{"expression":"w"}', content: { type: 'view' }, origin: { type: 'origin', origin: { session: 'train.js', stop: 4, ended: false } } },
    };
    assert.deepEqual(parseRestoredPanel(state), { subject: '{"expression":"w"}', origin: { session: 'train.js', stop: 4, ended: false } });
    assert.deepEqual(parseRestoredPanel({ kept: { origin: { type: 'origin', origin: { session: 'train.js', ended: true } } } }), {
      origin: { session: 'train.js', ended: true },
    });
  });

  it('leaves out what is missing or malformed', () => {
    for (const state of [undefined, null, 'x', {}, { kept: 3 }, { kept: { subject: 5, origin: { origin: { session: 1, ended: false } } } }]) {
      assert.deepEqual(parseRestoredPanel(state), {}, JSON.stringify(state));
    }
    assert.deepEqual(parseRestoredPanel({ kept: { origin: { origin: { session: 'a', stop: -1, ended: false } } } }), {});
    assert.deepEqual(parseRestoredPanel({ kept: { origin: { origin: { session: 'a', stop: 2, ended: 'yes' } } } }), {});
    // Extra fields of an origin are not carried.
    assert.deepEqual(parseRestoredPanel({ kept: { origin: { origin: { session: 'a', ended: false, html: '<b>' } } } }), {
      origin: { session: 'a', ended: false },
    });
  });

  it("reads a heatmap's target back from its subject, field by field", () => {
    assert.deepEqual(parseTarget('{"expression":"model.w"}'), { expression: 'model.w' });
    assert.deepEqual(parseTarget('{"tape":3,"tensorId":12,"kind":"gradient"}'), { tape: 3, tensorId: 12, kind: 'gradient' });
    assert.deepEqual(parseTarget('{"model":1,"weight":"conv/kernel"}'), { model: 1, weight: 'conv/kernel' });
    assert.deepEqual(parseTarget('{"model":1,"weight":"conv/kernel","step":40}'), { model: 1, weight: 'conv/kernel', step: 40 });
    for (const subject of [
      undefined,
      '',
      'not json',
      '{"expression":""}',
      '{"tape":-1,"tensorId":2,"kind":"value"}',
      '{"tape":1,"tensorId":2,"kind":"code"}',
      '[]',
      'null',
      '{"model":1,"weight":""}',
      '{"model":1,"weight":"k","step":-2}',
    ]) {
      assert.equal(parseTarget(subject), undefined, String(subject));
    }
    // Only the target's own fields come back.
    assert.deepEqual(parseTarget('{"expression":"w","frameId":7}'), { expression: 'w' });
  });
});
