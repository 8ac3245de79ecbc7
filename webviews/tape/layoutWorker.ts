/**
 * The tape panel's layout worker: lays out one graph per message, so that a big graph's
 * layout never blocks the page (pan, zoom and clicks stay live while it runs). Answers
 * `{ id, result }` or `{ id, error }` to `{ id, request }`.
 */
import { layoutGraph, type LayoutRequest } from './layout';

self.onmessage = (event: MessageEvent<{ id: number; request: LayoutRequest }>) => {
  const { id, request } = event.data;
  try {
    self.postMessage({ id, result: layoutGraph(request) });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
