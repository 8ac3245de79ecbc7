/**
 * Where the keys move the keyboard's frame in the flame graph, along the tree as it is drawn
 * (the program on top): Up to the parent, Down to the first (widest) child, Left and Right to
 * the siblings beside it, Home to the program; a move with nowhere to go stays on the frame.
 * Pure: no DOM, shared by the webview and its tests.
 */
import type { FlameFrames } from './flameFrames';

export type FlameMove = 'parent' | 'child' | 'previous' | 'next' | 'root';

/** The keys the flame graph answers, and the move each makes. */
export const FLAME_KEY_MOVES: Readonly<Record<string, FlameMove>> = {
  ArrowUp: 'parent',
  ArrowDown: 'child',
  ArrowLeft: 'previous',
  ArrowRight: 'next',
  Home: 'root',
};

/** The frame `move` goes to from `frame`. */
export function moveFrame(frames: FlameFrames, frame: number, move: FlameMove): number {
  const parent = frames.parent[frame];
  switch (move) {
    case 'root':
      return 0;
    case 'parent':
      return parent >= 0 ? parent : frame;
    case 'child':
      return frame + 1 < frames.end[frame] ? frame + 1 : frame;
    case 'next':
      return parent >= 0 && frames.end[frame] < frames.end[parent] ? frames.end[frame] : frame;
    case 'previous': {
      if (parent < 0) return frame;
      // Siblings lie side by side in the arrays: the one before ends where this one starts.
      let sibling = parent + 1;
      while (sibling !== frame && frames.end[sibling] !== frame) sibling = frames.end[sibling];
      return sibling;
    }
  }
}
