import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ArgumentSpec, attachArgumentSpecs, launchArgumentSpecs } from '../../protocol/launchArguments';
import { validateAttach, validateLaunch } from '../../debug-adapter/targets/node/validateLaunch';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const program = path.join(repoRoot, 'examples', 'mlp', 'train.js');

describe('launch arguments', () => {
  it('package.json documents every launch and attach argument as the interfaces do', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const attributes = manifest.contributes.debuggers[0].configurationAttributes;
    for (const [request, specs] of [
      ['launch', launchArgumentSpecs],
      ['attach', attachArgumentSpecs],
    ] as const) {
      const schema = attributes[request].properties;
      assert.deepEqual(Object.keys(schema), Object.keys(specs), request);
      for (const [name, spec] of Object.entries(specs) as [string, ArgumentSpec][]) {
        assert.equal(schema[name].description, spec.description, name);
        assert.deepEqual(schema[name].default, spec.default, name);
        if (spec.kind === 'enum') {
          assert.deepEqual(schema[name].enum, spec.values, name);
          assert.deepEqual(schema[name].enumDescriptions, spec.valueDescriptions, name);
          assert.equal(spec.valueDescriptions?.length, spec.values?.length, `${name}: one description per value`);
        }
      }
    }
  });

  it('checks attach arguments', () => {
    assert.deepEqual(validateAttach({}), {
      port: 9229,
      address: '127.0.0.1',
      skipFiles: ['<node_internals>/**', '**/node_modules/@tensorflow/**'],
      tensorHover: 'thumbnail',
    });
    assert.throws(() => validateAttach({ port: 70000 }), { message: 'port: expected a port number from 1 to 65535, got 70000' });
    assert.throws(() => validateAttach({ port: '9229' }), { message: 'port: expected a number, got 9229' });
  });

  it('fills defaults and resolves cwd to the program folder', () => {
    const args = validateLaunch({ program });
    assert.equal(args.cwd, path.dirname(program));
    assert.deepEqual(args.args, []);
    assert.equal(args.backend, 'auto');
    assert.equal(args.maxProfileEvents, 1000000);
  });

  it('names the argument, its value and the problem', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'program: missing; set "program" to entry file of the program to debug (.js, .cjs, .mjs, .ts, .mts), absolute or relative to cwd.'],
      [{ program: '/work/a/nope.js' }, 'program: /work/a/nope.js does not exist'],
      [{ program: repoRoot }, `program: ${repoRoot} is not a file`],
      [{ program: path.join(repoRoot, 'package.json') }, `program: ${path.join(repoRoot, 'package.json')} is not a .js, .cjs, .mjs, .ts, .mts file`],
      [{ program, args: 3 }, 'args: expected an array of strings, got 3'],
      [{ program, env: { A: 1 } }, 'env: expected an object of string values, got {"A":1}'],
      [{ program, backend: 'webgl' }, 'backend: expected one of auto, cpu, wasm, tensorflow, webgpu, got webgl'],
      [{ program, stopOnEntry: 'yes' }, 'stopOnEntry: expected true or false, got yes'],
      [{ program, cwd: '/work/nowhere' }, 'cwd: /work/nowhere does not exist'],
    ];
    for (const [args, message] of cases) assert.throws(() => validateLaunch(args), { message });
  });
});
