/**
 * Ends a step that leaves the user's code at the next statement of it that runs, wherever
 * that is: breakpoints on every break location of the program's own files, then resume.
 * V8's own way (stepping on "into" the next call until a function that is not blackboxed
 * runs) sends every call the program makes through the debugger and runs a tfjs training
 * step tens of times slower; with the breakpoints, skipped code runs at full speed. This is
 * what makes stepping off the end of a callback that tfjs awaits (tfjs's own code is ES5
 * generators, so V8 knows no async caller) reach the next epoch's callback, or the line
 * after `await model.fit(...)`, as fast as the program gets there.
 */
import type { Protocol } from 'devtools-protocol';
import type { CdpConnection } from '../cdp/connection';
import type { Script, ScriptRegistry } from './scripts';

type CallFrame = Protocol.Debugger.CallFrame;
type BreakLocation = Protocol.Debugger.BreakLocation;

function key(location: Protocol.Debugger.Location): string {
  return `${location.scriptId}:${location.lineNumber}:${location.columnNumber ?? 0}`;
}

export class NextUserStatement {
  /** The breakpoints set, while a step waits for the user's next statement. */
  private breakpointIds: string[] = [];
  private readonly locationsByScript = new Map<string, Promise<BreakLocation[]>>();

  constructor(
    private readonly connection: CdpConnection,
    private readonly scripts: ScriptRegistry,
    /** Whether a script is the program's own code, where a step may stop. */
    private readonly isOwnCode: (script: Script) => boolean,
  ) {}

  get isArmed(): boolean {
    return this.breakpointIds.length > 0;
  }

  /** Whether a frame is paused at a return of its function (where any step leaves it). */
  async isAtReturn(frame: CallFrame): Promise<boolean> {
    const here = key(frame.location);
    return (await this.functionLocations(frame)).some((location) => location.type === 'return' && key(location) === here);
  }

  /**
   * Sets the breakpoints. Those of the rest of `leaving`'s function are left out, so the
   * step does not stop in the call it leaves; its first statement stays, for its next call.
   */
  async arm(leaving: CallFrame | undefined): Promise<void> {
    const rest = new Set((leaving ? (await this.functionLocations(leaving)).slice(1) : []).map(key));
    const own = [...this.scripts.all()].filter((script) => this.isOwnCode(script));
    const locations = (await Promise.all(own.map((script) => this.locationsOf(script.id)))).flat();
    const set = await Promise.allSettled(
      locations
        .filter((location) => !rest.has(key(location)))
        .map((location) =>
          this.connection.send('Debugger.setBreakpoint', {
            location: { scriptId: location.scriptId, lineNumber: location.lineNumber, columnNumber: location.columnNumber },
          }),
        ),
    );
    // A location V8 refuses (a script gone, a breakpoint already there) only narrows the net.
    this.breakpointIds = set.flatMap((result) => (result.status === 'fulfilled' ? [result.value.breakpointId] : []));
  }

  /** Removes the breakpoints (the requests go out at once, ahead of any later command). */
  disarm(): void {
    for (const breakpointId of this.breakpointIds) {
      void this.connection.send('Debugger.removeBreakpoint', { breakpointId }).catch(() => undefined);
    }
    this.breakpointIds = [];
  }

  /** The break locations of a frame's function, not of functions nested in it; the first is its entry. */
  private async functionLocations(frame: CallFrame): Promise<BreakLocation[]> {
    if (!frame.functionLocation) return [];
    const { locations } = await this.connection.send('Debugger.getPossibleBreakpoints', {
      start: frame.functionLocation,
      restrictToFunction: true,
    });
    return locations;
  }

  /** A script's break locations, asked once: a script's code does not change. */
  private locationsOf(scriptId: string): Promise<BreakLocation[]> {
    let locations = this.locationsByScript.get(scriptId);
    if (!locations) {
      locations = this.connection.send('Debugger.getPossibleBreakpoints', { start: { scriptId, lineNumber: 0, columnNumber: 0 } }).then(
        (result) => result.locations,
        () => [],
      );
      this.locationsByScript.set(scriptId, locations);
    }
    return locations;
  }
}
