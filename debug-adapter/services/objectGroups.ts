/** CDP object groups, so that remote objects are released together. */

/** The remote objects of one stop, released when the program runs on. */
export const pausedObjectGroup = 'tfjs-debugger-paused';
