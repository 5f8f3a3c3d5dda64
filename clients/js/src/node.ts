// The Node build: the `ws` package's WebSocket, memory storage by default (pass one to keep state across runs).
import WebSocket from 'ws';
import { ChatClient as Client, memoryStorage, type ChatClientOptions, type SocketConstructor } from './client';

export * from './client';

export class ChatClient extends Client {
  constructor(options: ChatClientOptions) {
    super({
      ...options,
      WebSocket: options.WebSocket || (WebSocket as SocketConstructor),
      storage: options.storage || memoryStorage(),
    });
  }
}
