// The browsers' build: the page's own WebSocket, localStorage by default; no dependency.
export * from './client';
