// Registered with `node --import`: records every module URL Node loads into globalThis.__crmkitLoaded,
// so a test can prove which packages an entry point pulls in.
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const loaded = new Set();
globalThis.__crmkitLoaded = loaded;
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => loaded.add(url));
port1.unref();
register(
  'data:text/javascript,' +
    encodeURIComponent(`
      let port;
      export function initialize(data) { port = data.port; }
      export async function resolve(specifier, context, next) {
        const result = await next(specifier, context);
        port.postMessage(result.url);
        return result;
      }`),
  import.meta.url,
  { data: { port: port2 }, transferList: [port2] },
);
