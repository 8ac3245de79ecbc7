/**
 * Checks a Node program's `launch` and `attach` arguments against the tables in
 * protocol/launchArguments.ts and resolves them (paths, defaults). Every problem is reported as
 * one message that names the argument, its value and the problem, e.g.
 * `program: /work/a/nope.js does not exist`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AttachArguments, LaunchArguments } from '../../../protocol/launchArguments';
import { attachArgumentSpecs, launchArgumentSpecs } from '../../../protocol/launchArguments';
import { checkArguments, LaunchArgumentError, show } from '../checkArguments';

/** Launch arguments with every default filled in and paths made absolute. */
export type ResolvedLaunch = Required<LaunchArguments>;

/** Attach arguments with every default filled in. */
export type ResolvedAttach = Required<AttachArguments>;

const programExtensions = ['.js', '.cjs', '.mjs', '.ts', '.mts'];

/** Validates and resolves raw `attach` arguments; throws {@link LaunchArgumentError}. */
export function validateAttach(raw: Record<string, unknown>): ResolvedAttach {
  const resolved = checkArguments(raw, attachArgumentSpecs) as ResolvedAttach;
  if (!Number.isInteger(resolved.port) || resolved.port < 1 || resolved.port > 65535) {
    throw new LaunchArgumentError(`port: expected a port number from 1 to 65535, got ${show(resolved.port)}`);
  }
  return resolved;
}

/** Validates and resolves raw `launch` arguments; throws {@link LaunchArgumentError}. */
export function validateLaunch(raw: Record<string, unknown>): ResolvedLaunch {
  const resolved = checkArguments(raw, launchArgumentSpecs);
  if ((resolved.maxProfileEvents as number) < 1) {
    throw new LaunchArgumentError(`maxProfileEvents: expected a number of at least 1, got ${show(resolved.maxProfileEvents)}`);
  }
  if (!Number.isInteger(resolved.maxTapes) || (resolved.maxTapes as number) < 1) {
    throw new LaunchArgumentError(`maxTapes: expected a whole number of at least 1, got ${show(resolved.maxTapes)}`);
  }
  return resolvePaths(resolved as ResolvedLaunch);
}

function resolvePaths(args: ResolvedLaunch): ResolvedLaunch {
  const baseDir = args.cwd !== undefined ? path.resolve(args.cwd) : process.cwd();
  const program = path.resolve(baseDir, args.program);
  if (!fs.existsSync(program)) throw new LaunchArgumentError(`program: ${program} does not exist`);
  if (!fs.statSync(program).isFile()) throw new LaunchArgumentError(`program: ${program} is not a file`);
  if (!programExtensions.includes(path.extname(program))) {
    throw new LaunchArgumentError(`program: ${program} is not a ${programExtensions.join(', ')} file`);
  }
  const cwd = args.cwd !== undefined ? baseDir : path.dirname(program);
  if (!fs.existsSync(cwd)) throw new LaunchArgumentError(`cwd: ${cwd} does not exist`);
  if (!fs.statSync(cwd).isDirectory()) throw new LaunchArgumentError(`cwd: ${cwd} is not a folder`);
  return { ...args, program, cwd };
}
