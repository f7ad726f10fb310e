// `npm start`: builds the web app when it is missing or older than its sources, then starts the server.
import { ensureWebBuilt } from './build-web.js';

ensureWebBuilt();
await import('../src/server/main.js');
